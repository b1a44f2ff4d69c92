package leakwatch

import (
	"fmt"
	"strings"
	"time"
)

// Cause is why an incident happened, from the vocabulary of shared/eval/SCHEMA.md,
// which maps onto the JNSA and TSR categories and VERIS actions.
type Cause string

// The cause vocabulary.
const (
	CauseUnauthorizedAccess Cause = "unauthorized_access"
	CauseRansomware         Cause = "ransomware"
	CauseMalware            Cause = "malware"
	CausePhishingFraud      Cause = "phishing_fraud"
	CauseVulnerability      Cause = "vulnerability"
	CauseInsider            Cause = "insider"
	CauseMisconfiguration   Cause = "misconfiguration"
	CauseMisoperation       Cause = "misoperation"
	CauseLossTheft          Cause = "loss_theft"
	CauseOther              Cause = "other"
)

// Causes lists the whole cause vocabulary in a stable order.
func Causes() []Cause {
	return []Cause{CauseUnauthorizedAccess, CauseRansomware, CauseMalware, CausePhishingFraud,
		CauseVulnerability, CauseInsider, CauseMisconfiguration, CauseMisoperation,
		CauseLossTheft, CauseOther}
}

// causeLabels are the Japanese names shown to people.
var causeLabels = map[Cause]string{
	CauseUnauthorizedAccess: "不正アクセス",
	CauseRansomware:         "ランサムウェア",
	CauseMalware:            "マルウェア",
	CausePhishingFraud:      "フィッシング・詐欺",
	CauseVulnerability:      "脆弱性",
	CauseInsider:            "内部不正",
	CauseMisconfiguration:   "設定ミス",
	CauseMisoperation:       "誤送信・誤操作",
	CauseLossTheft:          "紛失・盗難",
	CauseOther:              "その他・不明",
}

// Label is the cause's Japanese name.
func (c Cause) Label() string {
	if l, ok := causeLabels[c]; ok {
		return l
	}
	return string(c)
}

// Valid reports whether c is in the vocabulary.
func (c Cause) Valid() bool { _, ok := causeLabels[c]; return ok }

// ParseCause reads a cause name, ignoring case and surrounding space.
func ParseCause(s string) (Cause, error) {
	c := Cause(strings.ToLower(strings.TrimSpace(s)))
	if !c.Valid() {
		return "", fmt.Errorf("cause %q: %w", s, ErrInvalid)
	}
	return c, nil
}

// Actor is who caused an incident.
type Actor string

// The actor vocabulary.
const (
	ActorExternal Actor = "external" // attackers, fraudsters
	ActorInternal Actor = "internal" // own staff or former staff
	ActorPartner  Actor = "partner"  // contractors, outsourcing companies and their staff
	ActorUnknown  Actor = "unknown"
)

var actorLabels = map[Actor]string{
	ActorExternal: "外部",
	ActorInternal: "内部",
	ActorPartner:  "委託先・取引先",
	ActorUnknown:  "不明",
}

// Actors lists the actor vocabulary in a stable order.
func Actors() []Actor { return []Actor{ActorExternal, ActorInternal, ActorPartner, ActorUnknown} }

// Label is the actor's Japanese name.
func (a Actor) Label() string {
	if l, ok := actorLabels[a]; ok {
		return l
	}
	return string(a)
}

// Valid reports whether a is in the vocabulary.
func (a Actor) Valid() bool { _, ok := actorLabels[a]; return ok }

// ParseActor reads an actor name.
func ParseActor(s string) (Actor, error) {
	a := Actor(strings.ToLower(strings.TrimSpace(s)))
	if !a.Valid() {
		return "", fmt.Errorf("actor %q: %w", s, ErrInvalid)
	}
	return a, nil
}

// DataType is a kind of data that leaked.
type DataType string

// The data vocabulary.
const (
	DataName          DataType = "name"
	DataAddress       DataType = "address"
	DataPhone         DataType = "phone"
	DataEmail         DataType = "email"
	DataBirthdate     DataType = "birthdate"
	DataCreditCard    DataType = "credit_card"
	DataBankAccount   DataType = "bank_account"
	DataPassport      DataType = "passport"
	DataMyNumber      DataType = "my_number"
	DataCredentials   DataType = "credentials"
	DataHealth        DataType = "health"
	DataLocation      DataType = "location"
	DataVehicle       DataType = "vehicle"
	DataSupportTicket DataType = "support_ticket"
	DataOther         DataType = "other"
)

var dataLabels = map[DataType]string{
	DataName:          "氏名",
	DataAddress:       "住所",
	DataPhone:         "電話番号",
	DataEmail:         "メールアドレス",
	DataBirthdate:     "生年月日",
	DataCreditCard:    "クレジットカード",
	DataBankAccount:   "口座情報",
	DataPassport:      "旅券",
	DataMyNumber:      "マイナンバー",
	DataCredentials:   "ID・パスワード",
	DataHealth:        "要配慮個人情報",
	DataLocation:      "位置情報",
	DataVehicle:       "車両情報",
	DataSupportTicket: "問い合わせ情報",
	DataOther:         "その他",
}

// DataTypes lists the data vocabulary in a stable order.
func DataTypes() []DataType {
	return []DataType{DataName, DataAddress, DataPhone, DataEmail, DataBirthdate, DataCreditCard,
		DataBankAccount, DataPassport, DataMyNumber, DataCredentials, DataHealth, DataLocation,
		DataVehicle, DataSupportTicket, DataOther}
}

// Label is the data type's Japanese name.
func (d DataType) Label() string {
	if l, ok := dataLabels[d]; ok {
		return l
	}
	return string(d)
}

// Valid reports whether d is in the vocabulary.
func (d DataType) Valid() bool { _, ok := dataLabels[d]; return ok }

// ParseDataType reads a data type name.
func ParseDataType(s string) (DataType, error) {
	d := DataType(strings.ToLower(strings.TrimSpace(s)))
	if !d.Valid() {
		return "", fmt.Errorf("data type %q: %w", s, ErrInvalid)
	}
	return d, nil
}

// Qualifier says how exact a count is.
type Qualifier string

// Count qualifiers; the empty Qualifier means no count.
const (
	QualExact      Qualifier = "exact"
	QualApprox     Qualifier = "approx"      // 約, およそ, 概ね
	QualUpperBound Qualifier = "upper_bound" // 最大, 上限
	QualLowerBound Qualifier = "lower_bound" // 以上, 超, 少なくとも
)

// Prefix is how the qualifier is written before or after a number in Japanese.
func (q Qualifier) Prefix() string {
	switch q {
	case QualApprox:
		return "約"
	case QualUpperBound:
		return "最大"
	}
	return ""
}

// Suffix is the Japanese written after a number for a lower bound.
func (q Qualifier) Suffix() string {
	if q == QualLowerBound {
		return "以上"
	}
	return ""
}

// Span is a range of characters (runes, not bytes) in an article's original
// text, end exclusive. Offsets refer to the text as stored, before normalising.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Count is a number of people or records with its counter and qualifier.
type Count struct {
	Value     int64     `json:"value"`
	Qualifier Qualifier `json:"qualifier"`
	Counter   string    `json:"counter"`         // 人, 件, 名, 人分, アカウント …
	Total     bool      `json:"total,omitempty"` // written as 計, 合計 or 延べ
	Text      string    `json:"text"`            // as written
	Span      Span      `json:"span"`
}

// Evidence is the sentence a fact was read from, so a reader can check it.
type Evidence struct {
	Field string `json:"field"` // org, cause, actor, records, data_types
	Value string `json:"value"` // the value read, e.g. "ransomware"
	Text  string `json:"text"`  // the sentence as written
	Span  Span   `json:"span"`  // the sentence's place in the article text
	Cue   string `json:"cue,omitempty"`
	// InTitle marks evidence read from the title; Span is then zero.
	InTitle bool `json:"in_title,omitempty"`
}

// Incident is one case an article reports. Its JSON form is the one the
// classification scorer (shared/eval) reads, plus evidence.
type Incident struct {
	ID         int64    `json:"-"`
	ArticleID  int64    `json:"-"`
	Org        string   `json:"org"`
	OrgAliases []string `json:"org_aliases,omitempty"`
	Causes     []Cause  `json:"causes"`
	Actor      Actor    `json:"actor"`
	// Records is the count of people or records leaked or possibly leaked; nil
	// when the article states none (never zero for "unknown").
	Records          *int64     `json:"records"`
	RecordsQualifier Qualifier  `json:"records_qualifier"`
	RecordsText      string     `json:"records_text,omitempty"`
	DataTypes        []DataType `json:"data_types"`
	Summary          string     `json:"summary,omitempty"` // one sentence saying what happened
	Evidence         []Evidence `json:"evidence,omitempty"`
}

// PrimaryCause is the first cause, or CauseOther.
func (in Incident) PrimaryCause() Cause {
	if len(in.Causes) == 0 {
		return CauseOther
	}
	return in.Causes[0]
}

// Analysis is what reading one article yields.
type Analysis struct {
	IsIncident bool       `json:"is_incident"`
	Incidents  []Incident `json:"incidents"`
}

// Report is an incident together with the article that reported it: what the
// incident lists, the API's CSV rows and the digest work with.
type Report struct {
	Incident  Incident  `json:"incident"`
	ArticleID int64     `json:"article_id"`
	URL       string    `json:"url"`
	SourceID  string    `json:"source"`
	Title     string    `json:"title"`
	Published time.Time `json:"published"`
}
