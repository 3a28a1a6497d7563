package io.pgextra.hibernate.test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the library logs while a test provokes it on purpose, kept out of the build log and given to the test to
 * assert on. The tests log through slf4j-simple, which writes to {@link System#err} as it is at each call, so
 * replacing {@code System.err} catches the log of every thread until {@link #close()} puts it back.
 * <pre>{@code
 * try ( StderrCapture log = StderrCapture.start() ) {
 *     ... // provoke the warning
 *     assertThat( log.text() ).contains( "..." );
 * }
 * }</pre>
 */
public final class StderrCapture implements AutoCloseable {

	private final PrintStream original;
	private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

	private StderrCapture() {
		original = System.err;
		System.setErr( new PrintStream( captured, true, StandardCharsets.UTF_8 ) );
	}

	/** @return a capture that has replaced {@code System.err} */
	public static StderrCapture start() {
		return new StderrCapture();
	}

	/** @return everything written to {@code System.err} since {@link #start()} (thread-safe) */
	public String text() {
		return captured.toString( StandardCharsets.UTF_8 );
	}

	/** @return how often {@code text} occurs in {@link #text()} */
	public int count(String text) {
		String all = text();
		int n = 0;
		for ( int i = all.indexOf( text ); i >= 0; i = all.indexOf( text, i + text.length() ) ) {
			n++;
		}
		return n;
	}

	/** Puts the original {@code System.err} back. */
	@Override
	public void close() {
		System.setErr( original );
	}
}
