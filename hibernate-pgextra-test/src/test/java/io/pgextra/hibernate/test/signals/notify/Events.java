package io.pgextra.hibernate.test.signals.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.pgextra.hibernate.signals.Receiver;
import io.pgextra.hibernate.signals.SignalEvent;

/** A receiver that queues what it receives, with bounded waits for the tests. */
final class Events<T> implements Receiver<T> {

	final LinkedBlockingQueue<SignalEvent<T>> queue = new LinkedBlockingQueue<>();

	@Override
	public void receive(SignalEvent<T> event) {
		queue.add( event );
	}

	/** @return exactly {@code n} events, waiting at most {@code seconds} in all; fails if fewer arrive */
	List<SignalEvent<T>> take(int n, long seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos( seconds );
		List<SignalEvent<T>> events = new ArrayList<>( n );
		while ( events.size() < n ) {
			SignalEvent<T> event = queue.poll( deadline - System.nanoTime(), TimeUnit.NANOSECONDS );
			if ( event == null ) {
				throw new AssertionError( "Received " + events.size() + " of " + n + " signals within " + seconds
						+ " s: " + events.subList( 0, Math.min( 10, events.size() ) ) );
			}
			events.add( event );
		}
		return events;
	}
}
