package deck;

import java.io.BufferedReader;
import java.io.InputStreamReader;

/**
 * A JVM for loss tests: calls tick(n) with n = 0, 1, 2, ... at a chosen rate (calls per second),
 * so a watcher can count exactly which calls it missed. The rate is the first argument; a number
 * written to standard input changes it (0 pauses); the line "count" makes it print "calls <k>", the
 * number of calls it has made so far (tick(0) … tick(k-1)): the JVM's own count, which a loss
 * bench divides by. Prints "ready <pid>" once running.
 */
public class RateGame {
    private static volatile int rate;
    /** calls made so far: tick(0) … tick(calls - 1) */
    private static volatile long calls;

    public static void main(String[] args) throws Exception {
        rate = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Thread control = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
                String line;
                while ((line = in.readLine()) != null) {
                    line = line.trim();
                    if (line.equals("count")) {
                        synchronized (System.out) {
                            System.out.println("calls " + calls);
                            System.out.flush();
                        }
                    } else if (!line.isEmpty()) {
                        rate = Integer.parseInt(line);
                    }
                }
            } catch (Exception e) {
                // stdin closed: keep the current rate
            }
        }, "rate-control");
        control.setDaemon(true);
        control.start();
        RateGame game = new RateGame();
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        long n = 0;
        long windowStart = System.nanoTime();
        long calledInWindow = 0;
        int windowRate = rate;
        while (true) {
            int r = rate;
            if (r != windowRate) {
                windowRate = r;
                windowStart = System.nanoTime();
                calledInWindow = 0;
            }
            if (r <= 0) {
                Thread.sleep(20);
                continue;
            }
            long due = windowStart + (calledInWindow * 1_000_000_000L) / r;
            long now = System.nanoTime();
            if (due > now) {
                long wait = due - now;
                if (wait > 200_000) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                else Thread.onSpinWait();
                continue;
            }
            game.tick(n++);
            calls = n;
            calledInWindow++;
        }
    }

    /** what tick multiplies by: -Ddeck.factor=3 makes a JVM that returns other values (a fleet's odd one out) */
    private static final long FACTOR = Long.getLong("deck.factor", 2L);

    public long tick(long n) {
        return n * FACTOR;
    }
}
