package i18n

// ClassText holds the strings for classroom mode: rooms, teacher and student screens.
type ClassText struct {
}

var classroomEN = ClassText{}

var classroomDE = ClassText{}
