package propsedit

import (
	"strings"
)

// listSeparator returns the separator the value already uses between items (", " or ",").
func listSeparator(raw string) string {
	if strings.Contains(raw, ", ") {
		return ", "
	}
	return ","
}
