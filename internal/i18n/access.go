package i18n

// AccessText holds the strings for plain mode, line-based read/quiz commands and other self-hosting texts.
type AccessText struct {
}

var accessEN = AccessText{}

var accessDE = AccessText{}
