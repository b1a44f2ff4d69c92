package digest

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes the digest as indented JSON, for other tools.
func WriteJSON(w io.Writer, d *Digest) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("digest: write json: %w", err)
	}
	return nil
}
