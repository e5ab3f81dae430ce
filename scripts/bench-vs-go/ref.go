// The Go reference for `npm run bench:vs-go`: the work natsx's bulk paths do, done with the Go client
// (nats.go, the client natscli is built on). Built from Debian's golang-go and
// golang-github-nats-io-go-nats-dev with GOPATH=/usr/share/gocode GO111MODULE=off; never run in CI.
//
//	ref pub SUBJECT N SIZE      publish N messages of SIZE zero bytes, flush (as natscli bench pub)
//	ref sub SUBJECT N           count N messages from the first to the N-th (as natscli bench sub)
//	ref raw SUBJECT N WAIT_MS   print each body and a newline on stdout until N or WAIT_MS idle (sub --raw)
//	ref lines SUBJECT           publish every stdin line (pub --send-on newline)
//	ref reply SUBJECT           answer every request with its own body
//	ref req SUBJECT N           N sequential requests on one connection
//	ref streams | ref buckets   list streams / KV buckets as a table (stream ls / kv ls)
//
// Every mode prints one result line on stderr: "<count> <seconds>".
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats.go"
)

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ref:", err)
	os.Exit(1)
}

func num(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		fail(err)
	}
	return n
}

func done(count int, start time.Time) {
	fmt.Fprintf(os.Stderr, "%d %.6f\n", count, time.Since(start).Seconds())
}

func main() {
	url := os.Getenv("NATS_URL")
	nc, err := nats.Connect(url)
	if err != nil {
		fail(err)
	}
	defer nc.Close()
	args := os.Args[1:]
	switch args[0] {
	case "pub":
		n, payload := num(args[2]), make([]byte, num(args[3]))
		start := time.Now()
		for i := 0; i < n; i++ {
			if err := nc.Publish(args[1], payload); err != nil {
				fail(err)
			}
		}
		if err := nc.Flush(); err != nil {
			fail(err)
		}
		done(n, start)
	case "sub":
		n := num(args[2])
		count, first, finished := 0, time.Time{}, make(chan time.Time)
		sub, err := nc.Subscribe(args[1], func(m *nats.Msg) {
			if count == 0 {
				first = time.Now()
			}
			count++
			if count == n {
				finished <- time.Now()
			}
		})
		if err != nil {
			fail(err)
		}
		sub.SetPendingLimits(-1, -1)
		nc.Flush()
		fmt.Println("ready")
		last := <-finished
		fmt.Fprintf(os.Stderr, "%d %.6f\n", n, last.Sub(first).Seconds())
	case "raw":
		n, wait := num(args[2]), time.Duration(num(args[3]))*time.Millisecond
		out := bufio.NewWriterSize(os.Stdout, 64*1024)
		var count int64
		var first time.Time
		finished := make(chan struct{})
		sub, err := nc.Subscribe(args[1], func(m *nats.Msg) {
			if count == 0 {
				first = time.Now()
			}
			out.Write(m.Data)
			out.WriteByte('\n')
			if atomic.AddInt64(&count, 1) == int64(n) {
				close(finished)
			}
		})
		if err != nil {
			fail(err)
		}
		sub.SetPendingLimits(-1, -1)
		nc.Flush()
		fmt.Println("ready")
		// --wait: stop after WAIT_MS without a message, checked by a ticker (no timer per message)
		tick, seen, quiet := time.NewTicker(10*time.Millisecond), int64(0), time.Duration(0)
	loop:
		for {
			select {
			case <-finished:
				break loop
			case <-tick.C:
				if c := atomic.LoadInt64(&count); c != seen {
					seen, quiet = c, 0
				} else if quiet += 10 * time.Millisecond; quiet >= wait {
					break loop
				}
			}
		}
		sub.Unsubscribe()
		nc.Flush()
		out.Flush()
		fmt.Fprintf(os.Stderr, "%d %.6f\n", atomic.LoadInt64(&count), time.Since(first).Seconds())
	case "lines":
		in := bufio.NewScanner(os.Stdin)
		in.Buffer(make([]byte, 1024*1024), 64*1024*1024)
		count, start := 0, time.Now()
		for in.Scan() {
			if err := nc.Publish(args[1], in.Bytes()); err != nil {
				fail(err)
			}
			count++
		}
		if err := nc.Flush(); err != nil {
			fail(err)
		}
		done(count, start)
	case "reply":
		if _, err := nc.Subscribe(args[1], func(m *nats.Msg) { m.Respond(m.Data) }); err != nil {
			fail(err)
		}
		nc.Flush()
		fmt.Println("ready")
		select {}
	case "req":
		n, start := num(args[2]), time.Now()
		for i := 0; i < n; i++ {
			if _, err := nc.Request(args[1], []byte("x"), 2*time.Second); err != nil {
				fail(err)
			}
		}
		done(n, start)
	case "streams", "buckets":
		js, err := nc.JetStream()
		if err != nil {
			fail(err)
		}
		start, count := time.Now(), 0
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 1, ' ', tabwriter.Debug)
		fmt.Fprintln(tw, "Name\tMessages\tSize\t")
		if args[0] == "streams" {
			for si := range js.StreamsInfo() {
				count++
				fmt.Fprintf(tw, "%s\t%d\t%d\t\n", si.Config.Name, si.State.Msgs, si.State.Bytes)
			}
		} else {
			for st := range js.KeyValueStores() {
				count++
				fmt.Fprintf(tw, "%s\t%d\t%d\t\n", st.Bucket(), st.Values(), st.Bytes())
			}
		}
		tw.Flush()
		done(count, start)
	default:
		fail(fmt.Errorf("unknown mode %q (%s)", args[0], strings.Join(args, " ")))
	}
}
