package i18n

// AnonText holds the strings for the anonymity set: the mirror's "how many look like
// you?" panel and the class view of what the room's SSH clients told the server.
type AnonText struct {
	// The mirror panel.
	AnonTitle   string
	AnonIntro   string
	AnonTotal   string // %s = a count ("30" or AnonFewer)
	AnonTooFew  string // %d = k
	AnonClient  string
	AnonTerm    string
	AnonWindow  string
	AnonLang    string
	AnonAllFour string
	AnonOf      string // %[1]s same, %[2]s total
	AnonAll     string // %s total
	AnonAllBut  string // %[1]d k, %[2]s total
	AnonFewer   string // %d = k
	AnonUnique  string // %d = k
	AnonHidden  string // %s = the count
	AnonWhy     string
	AnonKRule   string // %d = k
	AnonRecount string
}

// ClassClientsText holds the class view: what the room's SSH clients told the server.
type ClassClientsText struct {
	KeyClients         string
	ClassHelpClients   string
	ClassClientsTitle  string
	ClassClientsIntro  string // %s = students in the room
	ClassClientsTooFew string // %d = k
	ClassClientsKeys   string
	ClassClientsAgent  string
	ClassClientsLang   string
	ClassClientsClient string
	ClassClientsWindow string
	ClassClientsNoKey  string
	ClassClientsOneKey string
	ClassClientsMany   string
	ClassClientsYes    string
	ClassClientsNo     string
	ClassClientsNoLang string
	ClassClientsOther  string
	ClassClientsHidden string
	ClassClientsWhy    string
	ClassClientsKRule  string // %d = k
	ClassClientsYou    string
}
