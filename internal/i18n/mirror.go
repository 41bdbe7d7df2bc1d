package i18n

// MirrorText holds the strings for the mirror lesson (what the server sees) and resume codes.
type MirrorText struct {
}

var mirrorEN = MirrorText{}

var mirrorDE = MirrorText{}
