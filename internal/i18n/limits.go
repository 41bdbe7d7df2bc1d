package i18n

// LimitText holds the strings for limits and refusals: server full, idle warnings, refused requests.
type LimitText struct {
	// Refusals before the SSH handshake. The server does not know the client's language
	// yet, so they are sent in every language at once (see limits.Refusal).
	LimitFull        string
	LimitBusy        string
	LimitSourceConns string
	LimitSourceRate  string

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
}

var limitsEN = LimitText{
	LimitFull:        "the server is full, try again in a minute",
	LimitBusy:        "the server is busy with too many logins, try again in a minute",
	LimitSourceConns: "too many connections from your address at once; close one and try again",
	LimitSourceRate:  "too many new connections from your address; try again in a minute",

	LimitChannels:    "too many sessions on one connection (at most %d)",
	LimitForwarding:  "port forwarding is not offered by this server",
	LimitChannelType: "this server offers terminal sessions only",
	LimitAgent:       "agent forwarding refused: this course needs nothing from your machine",
	LimitX11:         "X11 forwarding refused: this course needs nothing from your machine",
	LimitSubsystem:   "the %s subsystem is not offered: this server keeps no files. To take the course: %s",

	LimitIdleWarn:  "Still there? Press any key within %s, or this session closes.",
	LimitMaxWarn:   "This session reaches its time limit in %s.",
	LimitIdleEnded: "Closed after %s without a key press. Nothing about you was kept.",
	LimitMaxEnded:  "This session reached its time limit of %s. Nothing about you was kept; you are welcome to connect again.",
}

var limitsDE = LimitText{
	LimitFull:        "der Server ist voll, versuch es in einer Minute noch einmal",
	LimitBusy:        "der Server hat gerade zu viele Anmeldungen, versuch es in einer Minute noch einmal",
	LimitSourceConns: "zu viele gleichzeitige Verbindungen von deiner Adresse; schließ eine und versuch es noch einmal",
	LimitSourceRate:  "zu viele neue Verbindungen von deiner Adresse; versuch es in einer Minute noch einmal",

	LimitChannels:    "zu viele Sitzungen auf einer Verbindung (höchstens %d)",
	LimitForwarding:  "dieser Server bietet keine Portweiterleitung an",
	LimitChannelType: "dieser Server bietet nur Terminal-Sitzungen an",
	LimitAgent:       "Agent-Weiterleitung abgelehnt: dieser Kurs braucht nichts von deinem Rechner",
	LimitX11:         "X11-Weiterleitung abgelehnt: dieser Kurs braucht nichts von deinem Rechner",
	LimitSubsystem:   "das Subsystem %s wird nicht angeboten: dieser Server speichert keine Dateien. Zum Kurs: %s",

	LimitIdleWarn:  "Noch da? Drück innerhalb von %s eine Taste, sonst endet diese Sitzung.",
	LimitMaxWarn:   "Diese Sitzung erreicht in %s ihre Höchstdauer.",
	LimitIdleEnded: "Nach %s ohne Tastendruck beendet. Über dich wurde nichts gespeichert.",
	LimitMaxEnded:  "Diese Sitzung hat ihre Höchstdauer von %s erreicht. Über dich wurde nichts gespeichert; du kannst dich gern neu verbinden.",
}
