package io.pgextra.hibernate.test.partition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import io.pgextra.hibernate.signals.Receiver;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalEvent;

/** A receiver that records what it receives, from any thread, and can run a check as it receives. */
final class Recorder<T> implements Receiver<T> {

	private final List<SignalEvent<T>> events = Collections.synchronizedList( new ArrayList<>() );
	private final Consumer<SignalEvent<T>> check;

	Recorder() {
		this( event -> {
		} );
	}

	Recorder(Consumer<SignalEvent<T>> check) {
		this.check = check;
	}

	@Override
	public void receive(SignalEvent<T> event) {
		check.accept( event );
		events.add( event );
	}

	List<SignalEvent<T>> events() {
		synchronized ( events ) {
			return List.copyOf( events );
		}
	}

	List<Object> ids() {
		return events().stream().map( SignalEvent::id ).toList();
	}

	List<Signal> signals() {
		return events().stream().map( SignalEvent::signal ).toList();
	}

	void clear() {
		events.clear();
	}
}
