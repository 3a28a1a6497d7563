package io.pgextra.hibernate.test.signals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import io.pgextra.hibernate.signals.Receiver;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalEvent;

/** A receiver (shared by the signals and partition tests) that records what it receives, from any thread, and can run a check as it receives. */
public final class Recorder<T> implements Receiver<T> {

	private final List<SignalEvent<T>> events = Collections.synchronizedList( new ArrayList<>() );
	private final Consumer<SignalEvent<T>> check;

	public Recorder() {
		this( event -> {
		} );
	}

	public Recorder(Consumer<SignalEvent<T>> check) {
		this.check = check;
	}

	@Override
	public void receive(SignalEvent<T> event) {
		check.accept( event );
		events.add( event );
	}

	public List<SignalEvent<T>> events() {
		synchronized ( events ) {
			return List.copyOf( events );
		}
	}

	public List<Object> ids() {
		return events().stream().map( SignalEvent::id ).toList();
	}

	public List<Signal> signals() {
		return events().stream().map( SignalEvent::signal ).toList();
	}

	public void clear() {
		events.clear();
	}
}
