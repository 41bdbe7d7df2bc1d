// Package session holds the per-connection app: one bubbletea model per SSH session, with
// a welcome screen, the lesson menu, a Markdown reader, quizzes and a final score. All of a
// learner's state lives in this model and is gone when the session ends.
package session

import (
	"strings"

	"fmt"
	"image/color"
	"sync"

	tea "charm.land/bubbletea/v2"

	"tutord/internal/anonset"
	"tutord/internal/classroom"
	"tutord/internal/experiment"
	"tutord/internal/i18n"
	"tutord/internal/lessons"
	"tutord/internal/markdown"
	"tutord/internal/mirror"
)

// Shared is what every session reads and none writes: the course, the rendering cache,
// the branding and the event sink. One value serves all sessions.
type Shared struct {
	Catalog  *lessons.Catalog
	Markdown *markdown.Renderer
	Brand    Brand
	// Events receives anonymous counts (lesson opened, answer right or wrong); may be nil.
	Events Events
	// Rooms are the live classrooms; nil turns classroom mode off.
	Rooms *classroom.Registry
	// Experiments are the open two-connection experiments; nil turns them off.
	Experiments *experiment.Registry

	// The themes (colour and plain, per language for the words in plain mode) are built
	// once: every session draws with the same.
	themes sync.Map // themeKey → theme

	// hints holds styled key hints every session draws alike (hintcache.go).
	hints hintCache

	// texts holds one copy of each language's strings for all sessions: the bundle hands
	// out a copy per call (5 KB), and no session writes to it.
	texts sync.Map // lang → *i18n.Text

	// frames are the classroom steps' shared row diffs (stepframes.go).
	frames stepFrames
}

// Text returns the interface strings for lang, one copy shared by every session.
func (sh *Shared) Text(lang string) *i18n.Text {
	if t, ok := sh.texts.Load(lang); ok {
		return t.(*i18n.Text)
	}
	t, _ := sh.texts.LoadOrStore(lang, sh.Catalog.UI().For(lang))
	return t.(*i18n.Text)
}

type themeKey struct {
	plain bool
	lang  string
}

// theme is the colour or the plain theme in a language, shared by all sessions: a
// theme is 5.5 KB of styles, so sessions point to it and never copy it.
func (sh *Shared) theme(plain bool, t *i18n.Text) *theme {
	k := themeKey{plain, t.Lang}
	if th, ok := sh.themes.Load(k); ok {
		return th.(*theme)
	}
	nt := newTheme(plain, sh.Brand.Accent, t)
	nt.keys = newKeymaps(&nt, t, sh.Text(sh.Catalog.UI().Next(t.Lang)).LangName)
	th, _ := sh.themes.LoadOrStore(k, &nt)
	return th.(*theme)
}

// Brand is an organisation's look: title, name, welcome text and accent colour. Empty
// fields keep the defaults.
type Brand struct {
	Title   string
	Org     string
	Welcome string
	Accent  color.Color
}

// Events are the app's anonymous events, for metrics. They carry lesson and question ids,
// never anything about the learner.
type Events interface {
	LessonOpened(lesson string)
	QuizFinished(lesson string, passed bool)
	Answered(lesson, question string, right bool)
}

// Options are what one session starts with.
type Options struct {
	Width, Height int
	Lang          string // "en" or "de"
	Plain         bool   // ASCII only, no colour (TERM=dumb, NO_COLOR, `plain`)
	// Start opens this lesson straight away (ssh -t HOST lesson ID).
	Start string
	// Conn is what this connection revealed, for the mirror; nil when not known. It lives
	// in this session's memory only.
	Conn *mirror.Facts
	// Anon is this session's entry among the live sessions (the anonymity-set panel);
	// nil: no panel.
	Anon *anonset.Member
	// Whoami opens the app at the mirror (ssh -t HOST whoami).
	Whoami bool
	// Resume is a resume code to restore at the start (ssh -t HOST resume CODE).
	Resume string
	// Connect is how learners reach this server ("ssh -p 2222 host"), for commands on screen.
	Connect string
	// Class starts the session as a teacher or student (ssh -t HOST teach | join CODE).
	Class ClassOptions
	// Experiment starts the session as the second connection (ssh -t HOST compare CODE).
	Experiment ExperimentOptions
	// Send delivers a message into this session's program from another goroutine
	// (tea.Program.Send); classroom notices come this way. May block; nil: no notices.
	Send func(tea.Msg)
	// Notify, if set, is Send for the classroom's notices, which come from a goroutine of
	// their own that holds no lock: it may draw in that goroutine (termrun's SendHere).
	Notify func(tea.Msg)
}

// screenModel is one screen of the app. The root hands it keys and asks it for its view;
// it reaches the shared state (size, language, progress) through the *App. A new screen is
// a new type with these two methods, shown with a.show.
type screenModel interface {
	update(a *App, k tea.KeyPressMsg) tea.Cmd
	view(a *App) string
	// keys are the screen's bindings in its state: what update acts on, what the hint
	// line and the help overlay say (keys.go).
	keys(a *App) keyMap
}

// resizer is a screen that redraws something when the size, language or style changes.
type resizer interface{ refresh(a *App) }

// typer is a screen with a text input in focus: it gets every key except ctrl+c, so q, L
// and ? type letters there.
type typer interface{ typing() bool }

// paster is a screen that takes pasted text.
type paster interface{ paste(a *App, text string) }

// appMsg is a message that knows how to apply itself to the app: features (classroom
// events, timers) define their own message types without touching Update.
type appMsg interface{ apply(a *App) tea.Cmd }

// ShutdownMsg tells a session the server is going down: it shows a goodbye and quits.
type ShutdownMsg struct{}

// App is the root model of one session. It owns the shared state of the screens (size,
// language, progress) and hands keys to the screen in front.
type App struct {
	sh    *Shared
	t     *i18n.Text
	lang  string
	plain bool
	dark  bool
	theme *theme // shared, read only
	w, h  int

	progress lessons.Progress
	cur      screenModel
	help     bool
	helpOff  int
	// bodyRows is how many body lines the last frame showed (pageStep).
	bodyRows int
	// Quit reason, shown by the server after the program ends.
	goodbye string
	// Warnings that the session is about to end (idle, maximum length); see limits.go.
	notices limitNotices

	welcome welcomeModel
	menu    menuModel
	reader  readerModel
	quiz    quizModel
	final   finalModel

	// readToEnd marks the lessons whose end the reader has shown in this session: until
	// then, enter in the reader is named "skip to quiz".
	readToEnd map[int]bool

	mirror mirrorState // mirror.go
	resume resumeState // resume.go
	class  classSession
	exp    experimentState // experiment.go
}

// New builds the app for one session.
func New(sh *Shared, o Options) *App {
	a := &App{sh: sh, progress: lessons.Progress{}, plain: o.Plain, dark: true}
	a.setLang(o.Lang)
	a.setSize(o.Width, o.Height)
	a.theme = sh.theme(a.plain, a.t)
	a.cur = &a.welcome
	a.class.opts, a.class.send = o.Class, o.Send
	if o.Notify != nil {
		a.class.send = o.Notify
	}
	if o.Start != "" {
		if i := sh.Catalog.Index(o.Start); i >= 0 {
			a.openLesson(i)
		}
	}
	a.exp.send = o.Send
	a.startMirror(o)
	a.startResume(o)
	a.startExperiment(o)
	return a
}

// Init implements tea.Model. It asks the terminal for its background colour so lessons
// can be drawn dark-on-light or light-on-dark, and opens or joins a classroom when the
// session was started with teach or join (the program now runs, so notices can arrive).
func (a *App) Init() tea.Cmd {
	a.startClass()
	if a.plain {
		return nil
	}
	return tea.RequestBackgroundColor
}

// Update implements tea.Model.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.setSize(msg.Width, msg.Height)
		if a.exp.ref != nil {
			a.exp.ref.SetWindow(a.w, a.h)
		}
		a.onResize()
		return a, nil
	case tea.BackgroundColorMsg:
		if dark := msg.IsDark(); dark != a.dark {
			a.dark = dark
			a.onResize() // re-render lessons in the matching style
		}
		return a, nil
	case ShutdownMsg:
		a.goodbye = a.shutdownGoodbye()
		return a, tea.Quit
	case tea.KeyPressMsg:
		return a, a.key(msg)
	case tea.PasteMsg:
		if p, ok := a.cur.(paster); ok && !a.help && !a.tooSmall() {
			p.paste(a, msg.Content)
		}
		return a, nil
	case appMsg:
		return a, msg.apply(a)
	}
	return a, nil
}

func (a *App) key(k tea.KeyPressMsg) tea.Cmd {
	all := &a.theme.keys.global
	if matches(k, all.Interrupt) {
		return a.quit()
	}
	if a.help {
		// Scrolling keys scroll help (it may not fit a small window); any other closes it.
		if a.scroll(&a.helpOff, k) {
			return nil
		}
		if matches(k, all.Quit) {
			return a.quit()
		}
		a.help = false
		return nil
	}
	if a.tooSmall() {
		if matches(k, all.Quit) {
			return a.quit()
		}
		return nil
	}
	g := a.globalKeys() // none but ctrl+c in a text field: q, ? and L are letters there
	switch {
	case matches(k, g.Quit):
		return a.quit()
	case matches(k, g.Help):
		a.help, a.helpOff = true, 0
		return nil
	case matches(k, g.Lang):
		a.setLang(a.sh.Catalog.UI().Next(a.lang))
		if t := a.class.teacher; t != nil {
			_ = t.SetBoardLang(a.lang) // the board now names students in it
		}
		a.onResize()
		return nil
	case matches(k, g.Plain):
		return a.togglePlain()
	case matches(k, g.Code):
		a.showCode()
		return nil
	}
	return a.cur.update(a, k)
}

func (a *App) quit() tea.Cmd {
	if a.goodbye == "" {
		a.goodbye = a.t.Goodbye
	}
	return tea.Quit
}

// Goodbye is the line to print after the program ends, in the learner's language,
// wrapped at words to the window (the terminal would break it anywhere).
func (a *App) Goodbye() string {
	g := a.goodbye
	if c := a.classGoodbye(); c != "" && g == a.t.Goodbye {
		g = c
	}
	if g == "" {
		g = a.t.Goodbye
	}
	if a.w < MinWidth { // no size, or too small to read: the terminal's own wrap
		return g
	}
	return strings.Join(wrap(g, a.w), "\n")
}

// View implements tea.Model.
func (a *App) View() tea.View {
	v := tea.NewView(a.withNotices(a.viewString()))
	v.AltScreen = true
	// Pastes arrive as keys: a bracketed paste whose end marker the input limit dropped
	// would swallow every key after it, ctrl+c included. Text fields take typed keys.
	v.DisableBracketedPasteMode = true
	if !a.plain { // plain output carries nothing but the text and the cursor moves
		v.WindowTitle = a.courseTitle()
	}
	return v
}

func (a *App) viewString() string {
	if a.tooSmall() {
		return a.tooSmallView()
	}
	if a.help {
		return a.helpView()
	}
	return a.cur.view(a)
}

func (a *App) setSize(w, h int) {
	// Clamp: a client may claim any size, including 0x0 and 100000x100000.
	a.w = max(0, min(w, MaxWidth))
	a.h = max(0, min(h, MaxHeight))
}

func (a *App) setLang(lang string) {
	a.lang = lang
	a.t = a.sh.Text(lang)
	if a.sh != nil {
		a.theme = a.sh.theme(a.plain, a.t) // the plain words are the language's
	}
}

func (a *App) tooSmall() bool { return a.w < MinWidth || a.h < MinHeight }

func (a *App) tooSmallView() string {
	msg := fmt.Sprintf(a.t.TooSmall, a.w, a.h, MinWidth, MinHeight)
	lines := wrap(msg, max(1, a.w))
	if len(lines) > a.h && a.h > 0 {
		lines = lines[:a.h]
	}
	out := ""
	for i, l := range lines {
		if i > 0 {
			out += "\n"
		}
		out += l
	}
	return out
}

// onResize re-renders what depends on width, language or style.
func (a *App) onResize() {
	if r, ok := a.cur.(resizer); ok {
		r.refresh(a)
	}
}

func (a *App) courseTitle() string {
	if a.sh.Brand.Title != "" {
		return a.sh.Brand.Title
	}
	return a.t.CourseTitle
}

func (a *App) mdStyle() markdown.Style {
	switch {
	case a.plain:
		return markdown.Plain
	case a.dark:
		return markdown.Dark
	default:
		return markdown.Light
	}
}

// Navigation between screens.

// show puts a screen in front.
func (a *App) show(m screenModel) {
	a.cur = m
	if r, ok := m.(resizer); ok {
		r.refresh(a)
	}
}

func (a *App) showWelcome() { a.show(&a.welcome) }

func (a *App) showMenu() { a.show(&a.menu) }

func (a *App) openLesson(i int) {
	if i < 0 || i >= a.sh.Catalog.Len() {
		a.showMenu()
		return
	}
	l := a.sh.Catalog.At(a.lang, i)
	if l.Live == "mirror" {
		a.renewExperiment()
	}
	a.progress.MarkRead(l.ID)
	a.menu.list.sel = i
	a.reader = readerModel{idx: i}
	a.show(&a.reader)
	if a.sh.Events != nil {
		a.sh.Events.LessonOpened(l.ID)
	}
}

// startQuiz opens lesson i's quiz. A quiz left unfinished (esc back to the lesson to read
// again) goes on where it was, with its first answers kept: only a finished quiz starts
// afresh.
func (a *App) startQuiz(i int) {
	if q := &a.quiz; q.att == nil || q.idx != i || q.phase == summary {
		a.quiz = newQuizModel(i, a.sh.Catalog.At(a.lang, i))
	}
	a.show(&a.quiz)
}

func (a *App) showFinal() {
	a.final = finalModel{}
	a.show(&a.final)
}

// lesson returns the lesson at menu position i in the session's language.
func (a *App) lesson(i int) *lessons.Lesson { return a.sh.Catalog.At(a.lang, i) }

// statusGlyph is the mark for a lesson's state; words go with it in the legend, so the
// meaning never depends on colour.
func (a *App) statusGlyph(s lessons.Status) string {
	switch s {
	case lessons.QuizPassed:
		return a.theme.right.Render(a.theme.g.passed)
	case lessons.Read:
		return a.theme.accent.Render(a.theme.g.read)
	default:
		return a.theme.g.notStarted
	}
}
