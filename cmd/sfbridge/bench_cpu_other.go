//go:build !unix

package main

import "time"

// processCPU is unknown here: the bench's CPU column shows "-".
func processCPU() time.Duration { return 0 }
