package i18n

import (
	"reflect"
	"regexp"
	"slices"
	"testing"
)

// strings walks every string field of t, embedded structs included.
func fields(v reflect.Value, prefix string, out map[string]string) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		switch f.Type.Kind() {
		case reflect.Struct:
			fields(v.Field(i), prefix+f.Name+".", out)
		case reflect.String:
			out[prefix+f.Name] = v.Field(i).String()
		}
	}
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// TestEveryStringInEveryLanguage fails when a translation is missing or its format verbs
// differ from English (a German "%d" where English has "%s" would print garbage).
func TestEveryStringInEveryLanguage(t *testing.T) {
	en := map[string]string{}
	fields(reflect.ValueOf(*For("en")), "", en)
	for _, lang := range Langs {
		tr := map[string]string{}
		fields(reflect.ValueOf(*For(lang)), "", tr)
		for name, base := range en {
			got := tr[name]
			if got == "" {
				t.Errorf("%s: %s is missing", lang, name)
				continue
			}
			a, b := verb.FindAllString(base, -1), verb.FindAllString(got, -1)
			slices.Sort(a)
			slices.Sort(b)
			if !slices.Equal(a, b) {
				t.Errorf("%s: %s has verbs %v, English has %v", lang, name, b, a)
			}
		}
	}
}

func TestLanguageFromEnvironment(t *testing.T) {
	for env, want := range map[string]string{
		"LANG=de_DE.UTF-8":   "de",
		"LANG=de_AT":         "de",
		"LANG=de":            "de",
		"LANG=en_US.UTF-8":   "en",
		"LANG=fr_FR.UTF-8":   "en",
		"LANG=C":             "en",
		"":                   "en",
		"LANG=dexter":        "en",
		"LC_ALL=de_CH.UTF-8": "de",
	} {
		if got := FromEnv([]string{env}); got != want {
			t.Errorf("%q: got %s, want %s", env, got, want)
		}
	}
	if got := FromEnv([]string{"LANG=de_DE.UTF-8", "LC_ALL=en_GB.UTF-8"}); got != "en" {
		t.Errorf("LC_ALL must win over LANG, got %s", got)
	}
}
