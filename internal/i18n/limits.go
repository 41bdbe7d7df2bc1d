package i18n

// LimitText holds the strings for limits and refusals: server full, idle warnings, refused requests.
type LimitText struct {
	// Refusals before the SSH handshake. The server does not know the client's language
	// yet, so they are sent in every language at once (see limits.Refusal).
	LimitFull        string
	LimitBusy        string
	LimitSourceConns string
	LimitSourceRate  string
	LimitPenalized   string

	// Refusals inside SSH: channel rejections (shown by ssh as "open failed: ...") and
	// lines on the session's stderr.
	LimitChannels    string // %d = sessions allowed per connection
	LimitForwarding  string
	LimitChannelType string
	LimitAgent       string
	LimitX11         string
	LimitSubsystem   string // %s = subsystem name, %s = how to connect

	// Session time limits. %s is a duration such as "1 min" or "30 s".
	LimitIdleWarn  string
	LimitMaxWarn   string
	LimitIdleEnded string
	LimitMaxEnded  string

	// A restart (the server drains on SIGTERM). %s = time left ("5 min"), %s = the ssh
	// command with the session's resume code.
	DrainNotice string
	// %s = the ssh command with the resume code, shown after Shutdown.
	DrainResume string
}
