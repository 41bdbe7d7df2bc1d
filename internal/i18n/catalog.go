package i18n

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"tutord/internal/problem"
)

// Problem is one thing wrong in a catalog file, at a line (0: the whole file).
type Problem = problem.Problem

// field is one key of a catalog: a string or plural field of Text, embedded structs
// flattened, in declaration order.
type field struct {
	name  string
	index []int
}

var (
	stringType    = reflect.TypeFor[string]()
	pluralType    = reflect.TypeFor[Plural]()
	pseudonymType = reflect.TypeFor[Pseudonyms]()
)

// keys lists the catalog keys: every exported string and Plural field of Text.
func keys() []field {
	var out []field
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			idx := append(slices.Clone(index), i)
			switch {
			case f.Anonymous:
				walk(f.Type, idx)
			case f.Tag.Get("i18n") == "-", f.Type == pseudonymType:
			case f.Type == stringType, f.Type == pluralType:
				out = append(out, field{f.Name, idx})
			}
		}
	}
	walk(reflect.TypeFor[Text](), nil)
	return out
}

// parse reads a catalog for lang. Keys the file leaves out come from fallback when it is
// given (an operator changing a few strings of a language the server has); without it every
// key is required. Placeholders are compared with ref, the default language (nil for the
// default language itself). Every problem is reported, with the line of the key.
func parse(file, lang string, src []byte, fallback, ref *Text) (*Text, []Problem) {
	var ps []Problem
	bad := func(line int, format string, args ...any) {
		ps = append(ps, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	tag, err := language.Parse(lang)
	if err != nil {
		bad(0, "%q is not a language code (like fr, pt-BR): %v", lang, err)
		return nil, ps
	}
	var raw map[string]any
	if err := toml.Unmarshal(src, &raw); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, _ := de.Position()
			bad(row, "not valid TOML: %s", de.Error())
		} else {
			bad(0, "not valid TOML: %v", err)
		}
		return nil, ps
	}
	lines := keyLines(src)
	t := &Text{}
	if fallback != nil {
		*t = *fallback
	}
	t.Lang = lang
	tv := reflect.ValueOf(t).Elem()
	prevLine := 1
	for _, f := range keys() {
		v, ok := raw[f.name]
		delete(raw, f.name)
		line := lines[f.name]
		if !ok {
			if fallback == nil {
				bad(prevLine, "%s is missing (it comes after this line)", f.name)
			}
			continue
		}
		prevLine = line
		dst := tv.FieldByIndex(f.index)
		var refv reflect.Value
		if ref != nil {
			refv = reflect.ValueOf(ref).Elem().FieldByIndex(f.index)
		}
		if dst.Type() == stringType {
			s, ok := v.(string)
			switch {
			case !ok:
				bad(line, "%s is a string in quotes, not %s", f.name, tomlKind(v))
			case strings.TrimSpace(s) == "":
				bad(line, "%s is empty", f.name)
			default:
				if refv.IsValid() {
					checkVerbs(bad, line, f.name, s, refv.String(), ref.Lang)
				}
				dst.SetString(s)
			}
			continue
		}
		p := Plural{tag: tag}
		var refForm string
		if refv.IsValid() {
			refForm = refv.Interface().(Plural).forms[plural.Other]
		}
		switch v := v.(type) {
		case string:
			p.forms[plural.Other] = v
		case map[string]any:
			for name, s := range v {
				form, known := formNames[name]
				str, isStr := s.(string)
				switch {
				case !known:
					bad(line, "%s: %q is not a plural category (zero, one, two, few, many, other)", f.name, name)
				case !isStr || strings.TrimSpace(str) == "":
					bad(line, "%s.%s must be a non-empty string", f.name, name)
				default:
					p.forms[form] = str
				}
			}
		default:
			bad(line, "%s is { one = \"...\", other = \"...\" } (one string per plural category), not %s", f.name, tomlKind(v))
			continue
		}
		for _, need := range neededForms(tag) {
			if p.forms[need] == "" {
				bad(line, "%s needs the %q form in %s (CLDR plural rules)", f.name, formName(need), lang)
			}
		}
		if refForm != "" {
			for form, s := range p.forms {
				if s != "" {
					checkVerbs(bad, line, f.name+"."+formName(plural.Form(form)), s, refForm, ref.Lang)
				}
			}
		}
		dst.Set(reflect.ValueOf(p))
	}
	if v, ok := raw["Pseudonym"]; ok {
		delete(raw, "Pseudonym")
		line := lines["Pseudonym"]
		var wrap struct{ Pseudonym pseudonymSource }
		if _, isTable := v.(map[string]any); !isTable {
			bad(line, "Pseudonym is a table: [Pseudonym] with Format, Adjectives and Animals")
		} else if err := toml.NewDecoder(strings.NewReader(string(src))).Decode(&wrap); err != nil {
			bad(line, "[Pseudonym]: %v", err)
		} else {
			t.Pseudonym = wrap.Pseudonym.build(func(format string, args ...any) { bad(line, format, args...) })
			checkVerbs(bad, lines["Pseudonym.Format"], "Pseudonym.Format", wrap.Pseudonym.Format, "%[1]s %[2]s", "")
			if ref != nil {
				ra, rn := ref.Pseudonym.Counts()
				a, n := t.Pseudonym.Counts()
				if a != ra {
					bad(lines["Pseudonym.Adjectives"], "Pseudonym.Adjectives has %d words, %s has %d: keep the same number, in the same order", a, ref.Lang, ra)
				}
				if n != rn {
					bad(lines["Pseudonym.Animals"], "Pseudonym.Animals has %d words, %s has %d: keep the same number, in the same order", n, ref.Lang, rn)
				}
			}
		}
	} else if fallback == nil {
		bad(prevLine, "the [Pseudonym] table is missing (words for classroom pseudonyms)")
	}
	unknown := make([]string, 0, len(raw))
	for k := range raw {
		unknown = append(unknown, k)
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		bad(lines[k], "unknown key %s (a typo, or a key this version does not have)", k)
	}
	return t, ps
}

var verbPattern = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// checkVerbs compares the format verbs of s with those of ref: the same verbs in the same
// order, since fmt fills them in order. A translation that needs another word order numbers
// them (%[2]s ... %[1]d); then only the set must match.
func checkVerbs(bad func(int, string, ...any), line int, key, s, ref, refLang string) {
	a, b := verbPattern.FindAllString(s, -1), verbPattern.FindAllString(ref, -1)
	explicit := strings.Contains(strings.Join(a, ""), "[") || strings.Contains(strings.Join(b, ""), "[")
	ca, cb := slices.Clone(a), slices.Clone(b)
	if explicit {
		slices.Sort(ca)
		slices.Sort(cb)
	}
	if slices.Equal(ca, cb) {
		return
	}
	where := "in this order"
	if explicit {
		where = "(numbered, any order)"
	}
	from := "the original"
	if refLang != "" {
		from = refLang
	}
	bad(line, "%s has placeholders %s, but %s has %s %s", key, verbList(a), from, verbList(b), where)
}

func verbList(v []string) string {
	if len(v) == 0 {
		return "none"
	}
	return strings.Join(v, " ")
}

func tomlKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "a table"
	case []any:
		return "a list"
	case int64, float64:
		return "a number"
	case bool:
		return "true/false"
	default:
		return fmt.Sprintf("%T", v)
	}
}

// keyLines maps every key (dotted under its table) to the line it is on.
func keyLines(src []byte) map[string]int {
	out := map[string]int{}
	var p unstable.Parser
	p.Reset(src)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		parts, first := keyParts(e.Key())
		if first == nil {
			continue
		}
		line := p.Shape(first.Raw).Start.Line
		switch e.Kind {
		case unstable.Table:
			table = parts
			out[strings.Join(parts, ".")] = line
		case unstable.KeyValue:
			out[strings.Join(append(slices.Clone(table), parts...), ".")] = line
		}
	}
	return out
}

func keyParts(it unstable.Iterator) ([]string, *unstable.Node) {
	var parts []string
	var first *unstable.Node
	for it.Next() {
		n := it.Node()
		if first == nil {
			first = n
		}
		parts = append(parts, string(n.Data))
	}
	return parts, first
}
