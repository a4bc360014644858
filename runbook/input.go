package runbook

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// MaxInputSize is the most halorb reads of one input file (a runbook, an
// integration, a fixture, a spec, a lint config, a document for path or
// diff, stdin): 256 MiB, far above any real export (the largest Halo
// runbook seen is under 1 MiB) and well below what the machine can parse.
const MaxInputSize = 256 << 20

// InputError says why an input file was not read: it is not a regular
// file, or it is larger than MaxInputSize. Its message names the path.
type InputError struct {
	Path   string
	Reason string
}

func (e *InputError) Error() string { return e.Path + ": " + e.Reason }

// ReadInput reads the regular file at path, following symlinks, and at most
// MaxInputSize bytes of it. A device (/dev/zero), a named pipe, a socket or
// a directory is refused before it is opened, so reading never blocks or
// runs forever; the file is opened non-blocking and checked again, in case
// it was swapped for a pipe in between; and it is read through a limit, so
// a file that grows while it is read is cut off with an error. Other I/O
// failures are returned as the *fs.PathError that os gives.
func ReadInput(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(path, info); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkRegular(path, info); err != nil {
		return nil, err
	}
	return readLimited(path, f, info.Size(), MaxInputSize)
}

// ReadInputFrom reads r (stdin) up to MaxInputSize; name is how messages
// call it ("<stdin>").
func ReadInputFrom(name string, r io.Reader) ([]byte, error) {
	return readLimited(name, r, 0, MaxInputSize)
}

// readLimited reads r, of size bytes when known, failing when it holds more
// than limit.
func readLimited(name string, r io.Reader, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, tooLarge(name, limit)
	}
	// A regular file's buffer is its size (plus one byte, to see it grow);
	// a stream's grows as append grows it, to about twice what it read.
	buf := make([]byte, 0, size+1)
	lr := io.LimitReader(r, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(buf)) > limit {
		return nil, tooLarge(name, limit)
	}
	return buf, nil
}

func tooLarge(name string, limit int64) error {
	return &InputError{Path: name, Reason: fmt.Sprintf("larger than %s, the limit for one input file", sizeText(limit))}
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// checkRegular refuses what is not a regular file, naming what it is.
func checkRegular(path string, info fs.FileInfo) error {
	m := info.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "not a regular file"
	switch {
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeCharDevice != 0:
		what = "a character device"
	case m&fs.ModeDevice != 0:
		what = "a block device"
	}
	return &InputError{Path: path, Reason: what + ", not a regular file: halorb reads only regular files"}
}

// WithoutPath is err without the path it names, for messages that name the
// path themselves: the reason of an *InputError, the cause of an
// *fs.PathError, else err.
func WithoutPath(err error) error {
	var ie *InputError
	if errors.As(err, &ie) {
		return errors.New(ie.Reason)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// IsIOError reports whether err is a failure to read a file (an
// *InputError or an *fs.PathError), as opposed to a problem with what the
// file holds.
func IsIOError(err error) bool {
	var ie *InputError
	var pe *fs.PathError
	return errors.As(err, &ie) || errors.As(err, &pe)
}

// IsRegularInput reports whether path (after symlinks) is a regular file,
// and if not, the *InputError saying what it is; a path that cannot be
// stat'ed is reported as its *fs.PathError.
func IsRegularInput(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	return checkRegular(path, info)
}
