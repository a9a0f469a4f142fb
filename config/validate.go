package config

import (
	"regexp"
)

var (
	regionRe       = regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)+$`)
	letterRe       = regexp.MustCompile(`^[a-z]$`)
	instanceTypeRe = regexp.MustCompile(`^ecs\.[a-z0-9-]+\.[a-z0-9-]+$`)
	imageIDRe      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`)
	digitsRe       = regexp.MustCompile(`^[0-9]{1,32}$`)
	labelRe        = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	vpcIDRe        = regexp.MustCompile(`^vpc-[a-z0-9]+$`)
	vswIDRe        = regexp.MustCompile(`^vsw-[a-z0-9]+$`)
	instanceIDRe   = regexp.MustCompile(`^i-[a-z0-9]+$`)
	placeholderRe  = regexp.MustCompile(`\{[^}]*\}`)
)

// mode parses the mode.
func (l *loader) mode() Mode {
	raw := l.str("mode")
	switch Mode(raw) {
	case ModeNew, ModeExisting:
		return Mode(raw)
	}
	l.bad["mode"] = true
	l.problem("mode", raw, `must be "new" (build a cluster) or "existing" (expose brokers that already run)`, l.fix.set("mode", "new"))
	return ModeNew
}
