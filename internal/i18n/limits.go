package i18n

// LimitText holds the strings for limits and refusals: server full, idle warnings, refused requests.
type LimitText struct {
}

var limitsEN = LimitText{}

var limitsDE = LimitText{}
