package propsedit

import (
	"errors"

	"github.com/kafka-plc/kafka-plc/kraft"
)

// Parse reads data with the rules of java.util.Properties.load(InputStream), which Kafka
// uses (see [kraft.Parse]). It fails only on a malformed \uXXXX escape, which Java rejects
// too; the error is then an [*Error] of Kind ErrSyntax naming the line and the key.
func Parse(data []byte) (*kraft.File, error) {
	f, err := kraft.Parse(data)
	var se *kraft.SyntaxError
	if errors.As(err, &se) {
		return nil, &Error{Kind: ErrSyntax, Key: se.Key, Value: se.Raw, Line: se.Line,
			Problem: se.Problem, Fix: "write the escape as \\u followed by exactly four hex digits"}
	}
	return f, err
}
