package io.pgextra.hibernate.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.service.Service;

/**
 * Everything hibernate-pgextra keeps for one {@code SessionFactory}: resolved table models and catalog facts,
 * computed once on first use. A {@link Service} of the session factory's registry, so it lives and dies with the
 * factory and two factories never share state.
 */
public final class PgExtraRuntime implements Service {

	private final SessionFactoryImplementor factory;
	private final ConcurrentMap<Object, Object> cache = new ConcurrentHashMap<>();

	public PgExtraRuntime(SessionFactoryImplementor factory) {
		this.factory = factory;
	}

	public SessionFactoryImplementor factory() {
		return factory;
	}

	/** @return who is told about rows written by {@code INSERT ... ON CONFLICT} */
	public ConflictInsertListener conflictInsertListener() {
		return ConflictInsertListener.NONE;
	}

	/**
	 * @param key a key that identifies the value and its kind (use a record)
	 * @param compute computes it once
	 * @return the cached value
	 */
	@SuppressWarnings("unchecked")
	public <V> V cached(Object key, Function<Object, V> compute) {
		Object value = cache.get( key );
		if ( value == null ) {
			// not computeIfAbsent: computing may read the catalog, and a failure must not poison the map
			value = compute.apply( key );
			Object previous = cache.putIfAbsent( key, value );
			if ( previous != null ) {
				value = previous;
			}
		}
		return (V) value;
	}

	/** Forgets catalog facts of a table, e.g. after its indexes changed. */
	public void forget(Object key) {
		cache.remove( key );
	}

	/**
	 * @param factory a session factory
	 * @return its runtime; one is registered by {@link PgExtraServiceContributor} for every factory
	 */
	public static PgExtraRuntime of(SessionFactoryImplementor factory) {
		PgExtraRuntime runtime = factory.getServiceRegistry().getService( PgExtraRuntime.class );
		if ( runtime == null ) {
			throw new IllegalStateException( "hibernate-pgextra is not registered with this SessionFactory;"
					+ " make sure hibernate-pgextra's META-INF/services entries are on the class path"
					+ " of the class loader that boots Hibernate" );
		}
		return runtime;
	}
}
