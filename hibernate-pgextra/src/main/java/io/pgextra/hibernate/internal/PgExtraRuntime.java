package io.pgextra.hibernate.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import io.pgextra.hibernate.internal.signals.BulkSignalsTranslatorFactory;
import io.pgextra.hibernate.internal.signals.SignalRegistry;
import io.pgextra.hibernate.internal.signals.SignallingJdbcServices;
import io.pgextra.hibernate.internal.signals.SignallingMutationStrategyProvider;
import io.pgextra.hibernate.signals.Signals;

import org.hibernate.cfg.QuerySettings;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.sqm.mutation.spi.SqmMultiTableMutationStrategyProvider;
import org.hibernate.service.Service;

/**
 * Everything hibernate-pgextra keeps for one {@code SessionFactory}: resolved table models and catalog facts,
 * computed once on first use, and the signal receivers. A {@link Service} of the session factory's registry, so it lives and dies with the
 * factory and two factories never share state.
 */
public final class PgExtraRuntime implements Service {

	private final SessionFactoryImplementor factory;
	private final ConcurrentMap<Object, Object> cache = new ConcurrentHashMap<>();
	private final SignalRegistry signals = new SignalRegistry();
	private volatile boolean signalsIntegrated;
	private volatile boolean bulkHooksChecked;

	public PgExtraRuntime(SessionFactoryImplementor factory) {
		this.factory = factory;
	}

	public SessionFactoryImplementor factory() {
		return factory;
	}

	/**
	 * @return {@link io.pgextra.hibernate.ConflictSettings#COPY_THRESHOLD} of this factory, read once; {@code 0}:
	 * never
	 */
	public int copyThreshold() {
		return (Integer) cached( io.pgextra.hibernate.ConflictSettings.COPY_THRESHOLD, key -> {
			Object value = factory.getProperties().get( io.pgextra.hibernate.ConflictSettings.COPY_THRESHOLD );
			if ( value == null || value.toString().isBlank() ) {
				return io.pgextra.hibernate.ConflictSettings.DEFAULT_COPY_THRESHOLD;
			}
			try {
				int threshold = Integer.parseInt( value.toString().trim() );
				if ( threshold < 0 ) {
					throw new NumberFormatException( "negative" );
				}
				return threshold;
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException( "The setting " + io.pgextra.hibernate.ConflictSettings.COPY_THRESHOLD
						+ " is '" + value + "', not a number of rows; give a whole number of rows from 0 (0: never use"
						+ " COPY; default " + io.pgextra.hibernate.ConflictSettings.DEFAULT_COPY_THRESHOLD + ")", e );
			}
		} );
	}

	/** @return who is told about rows written by {@code INSERT ... ON CONFLICT}: the signals */
	public ConflictInsertListener conflictInsertListener() {
		return signals;
	}

	/** @return the signal receivers, for the library's own use (no check that the listeners are registered) */
	public SignalRegistry signalRegistry() {
		return signals;
	}

	/**
	 * @return the signal receivers of this factory
	 * @throws IllegalStateException if hibernate-pgextra's {@code Integrator} did not run for this factory, so that
	 * entity operations would send no signal, or if its hooks for bulk statements are not installed (e.g. the SQM
	 * translator factory setting was overridden after hibernate-pgextra set it)
	 */
	public Signals signals() {
		if ( !bulkHooksChecked ) {
			checkBulkHooks();
			bulkHooksChecked = true;
		}
		if ( !signalsIntegrated ) {
			throw new IllegalStateException( "hibernate-pgextra's Integrator (io.pgextra.hibernate.internal.signals"
					+ ".SignalsIntegrator) did not run for this SessionFactory, so entity operations would send no"
					+ " signals; make sure hibernate-pgextra's META-INF/services/org.hibernate.integrator.spi.Integrator"
					+ " is on the class path of the class loader that boots Hibernate (merge service files when shading)" );
		}
		return signals;
	}

	/**
	 * Bulk statements are signalled through hooks of the factory that a bootstrap could have replaced: the SQM
	 * translator factory (a setting), the factory's {@code JdbcServices} and multi-table mutation strategy provider
	 * (services). Without them a bulk statement would run unsignalled, silently: say so at once.
	 */
	private void checkBulkHooks() {
		String missing = null;
		if ( !( factory.getQueryEngine().getSqmTranslatorFactory() instanceof BulkSignalsTranslatorFactory ) ) {
			missing = "its SQM translator factory is " + factory.getQueryEngine().getSqmTranslatorFactory().getClass()
					.getName() + ", not " + BulkSignalsTranslatorFactory.class.getName() + " (the setting "
					+ QuerySettings.SEMANTIC_QUERY_TRANSLATOR + " was overridden after hibernate-pgextra's "
					+ "ServiceContributor set it; set your translator factory there before the registry is built,"
					+ " and hibernate-pgextra delegates to it; on Quarkus, which keeps only the settings of its own"
					+ " configuration at run time, add quarkus.hibernate-orm.unsupported-properties.\""
					+ QuerySettings.SEMANTIC_QUERY_TRANSLATOR + "\"=" + BulkSignalsTranslatorFactory.class.getName()
					+ ")";
		}
		else if ( !SignallingJdbcServices.isInstalled( factory.getJdbcServices() ) ) {
			missing = "its JdbcServices are " + factory.getJdbcServices().getClass().getName() + ", not "
					+ SignallingJdbcServices.class.getName() + " (another SessionFactoryServiceContributor replaced"
					+ " them)";
		}
		else if ( !( factory.getServiceRegistry().getService( SqmMultiTableMutationStrategyProvider.class )
				instanceof SignallingMutationStrategyProvider ) ) {
			missing = "its SqmMultiTableMutationStrategyProvider is not "
					+ SignallingMutationStrategyProvider.class.getName() + " (another SessionFactoryServiceContributor"
					+ " replaced it)";
		}
		if ( missing != null ) {
			throw new IllegalStateException( "hibernate-pgextra cannot signal the bulk update and delete statements of"
					+ " this SessionFactory: " + missing + "; bulk statements would run unsignalled. Make sure"
					+ " hibernate-pgextra's META-INF/services entries (org.hibernate.service.spi.ServiceContributor,"
					+ " org.hibernate.service.spi.SessionFactoryServiceContributor) are on the class path of the class"
					+ " loader that boots Hibernate, and that nothing replaces these hooks" );
		}
	}

	/** Called by the integrator once it registered the entity listeners. */
	public void signalsIntegrated() {
		signalsIntegrated = true;
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
