package io.pgextra.hibernate.internal.signals;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Receiver;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.Signals;

/**
 * One connection for a receiver connected to several signals: one underlying connection per signal, all
 * disconnected together. Connecting is all or nothing: a failure disconnects the signals already connected.
 */
public final class SignalConnectionGroup implements SignalConnection {

	private final List<SignalConnection> parts;
	private final Set<Signal> signals;

	private SignalConnectionGroup(List<SignalConnection> parts, Set<Signal> signals) {
		this.parts = parts;
		this.signals = signals;
	}

	public static <T> SignalConnection connect(Signals target, Set<Signal> signals, Class<T> entityClass,
			Delivery delivery, Receiver<T> receiver) {
		Objects.requireNonNull( signals, "signals" );
		if ( signals.isEmpty() ) {
			throw new IllegalArgumentException( "No signal given to connect the receiver for "
					+ ( entityClass == null ? "null" : entityClass.getName() )
					+ " to; give at least one, e.g. EnumSet.of(Signal.CREATE, Signal.UPDATE), or use connectAll(entityClass, receiver) for every signal" );
		}
		// EnumSet: a fixed (declaration) order whatever the set given, and a null element fails here
		Set<Signal> ordered = EnumSet.copyOf( signals );
		List<SignalConnection> parts = new ArrayList<>( ordered.size() );
		try {
			for ( Signal signal : ordered ) {
				parts.add( target.connect( signal, entityClass, delivery, receiver ) );
			}
		}
		catch (RuntimeException e) {
			parts.forEach( SignalConnection::disconnect );
			throw e;
		}
		if ( parts.size() == 1 ) {
			return parts.get( 0 );
		}
		return new SignalConnectionGroup( List.copyOf( parts ), java.util.Collections.unmodifiableSet( ordered ) );
	}

	@Override
	public Signal signal() {
		return parts.get( 0 ).signal();
	}

	@Override
	public Set<Signal> signals() {
		return signals;
	}

	@Override
	public Class<?> entityClass() {
		return parts.get( 0 ).entityClass();
	}

	@Override
	public Delivery delivery() {
		return parts.get( 0 ).delivery();
	}

	@Override
	public boolean isConnected() {
		return parts.stream().anyMatch( SignalConnection::isConnected );
	}

	@Override
	public boolean disconnect() {
		boolean any = false;
		for ( SignalConnection part : parts ) {
			any |= part.disconnect();
		}
		return any;
	}

	@Override
	public void close() {
		disconnect();
	}

	@Override
	public String toString() {
		return "SignalConnection" + signals + " for " + entityClass().getName() + " (" + delivery() + ")";
	}
}
