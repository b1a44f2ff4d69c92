package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/leakwatch/leakwatch"
)

// ParamError is a bad value in a request parameter. It wraps ErrInvalid so
// callers outside the HTTP layer can tell it apart from failures.
type ParamError struct {
	Param string // the query parameter or path segment, e.g. "cause"
	Msg   string // what is wrong, for people
}

func (e *ParamError) Error() string { return fmt.Sprintf("parameter %s: %s", e.Param, e.Msg) }

// Unwrap makes a ParamError match leakwatch.ErrInvalid.
func (e *ParamError) Unwrap() error { return leakwatch.ErrInvalid }

func paramErrorf(param, format string, args ...any) *ParamError {
	return &ParamError{Param: param, Msg: fmt.Sprintf(format, args...)}
}

// errorBody is the JSON every error response carries.
type errorBody struct {
	Error  string `json:"error"`
	Param  string `json:"param,omitempty"`
	Status int    `json:"status"`
}

// statusOf is the one place errors become HTTP statuses. Anything the client
// sent that is wrong is a 400 naming the parameter; only our own failures are
// 5xx, and their details stay in the log.
func statusOf(err error) (int, errorBody) {
	var pe *ParamError
	switch {
	case errors.As(err, &pe):
		return http.StatusBadRequest, errorBody{Error: pe.Error(), Param: pe.Param}
	case errors.Is(err, leakwatch.ErrBadQuery):
		return http.StatusBadRequest, errorBody{Error: "parameter q: " + err.Error(), Param: "q"}
	case errors.Is(err, leakwatch.ErrInvalid):
		return http.StatusBadRequest, errorBody{Error: err.Error()}
	case errors.Is(err, leakwatch.ErrNotFound):
		return http.StatusNotFound, errorBody{Error: "not found"}
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, errorBody{Error: "the request took too long; narrow the query"}
	case errors.Is(err, context.Canceled):
		// The client went away or the server is stopping; nobody reads this.
		return http.StatusServiceUnavailable, errorBody{Error: "request cancelled"}
	default:
		return http.StatusInternalServerError, errorBody{Error: "internal error"}
	}
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// writeError sends err as JSON with the status statusOf gives it.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, body := statusOf(err)
	body.Status = status
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "api: request failed", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
	} else {
		s.log.DebugContext(r.Context(), "api: bad request", "path", r.URL.Path, "status", status, "err", err)
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Our own types always marshal; this is a programming error.
		status = http.StatusInternalServerError
		b = []byte(`{"error":"internal error","status":500}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
}
