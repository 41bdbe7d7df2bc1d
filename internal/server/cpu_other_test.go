//go:build !unix

package server_test

import (
	"testing"
	"time"
)

// processCPU is not measured here: the benchmark reports 0 CPU per step.
func processCPU(*testing.B) time.Duration { return 0 }
