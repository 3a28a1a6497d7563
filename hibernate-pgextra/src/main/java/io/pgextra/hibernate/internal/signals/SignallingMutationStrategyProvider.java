package io.pgextra.hibernate.internal.signals;

import java.util.List;

import io.pgextra.hibernate.internal.PgExtraRuntime;
import io.pgextra.hibernate.internal.signals.SignalRegistry.Row;
import io.pgextra.hibernate.signals.Signal;

import org.hibernate.engine.jdbc.connections.spi.JdbcConnectionAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.EntityMappingType;
import org.hibernate.metamodel.mapping.internal.MappingModelCreationProcess;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.query.spi.DomainQueryExecutionContext;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.query.sqm.internal.DomainParameterXref;
import org.hibernate.query.sqm.internal.SqmJdbcExecutionContextAdapter;
import org.hibernate.query.sqm.mutation.spi.MultiTableHandler;
import org.hibernate.query.sqm.mutation.spi.MultiTableHandlerBuildResult;
import org.hibernate.query.sqm.mutation.spi.SqmMultiTableInsertStrategy;
import org.hibernate.query.sqm.mutation.spi.SqmMultiTableMutationStrategy;
import org.hibernate.query.sqm.mutation.spi.SqmMultiTableMutationStrategyProvider;
import org.hibernate.query.sqm.tree.SqmDeleteOrUpdateStatement;
import org.hibernate.sql.exec.spi.JdbcParameterBindings;

/**
 * The factory's provider of multi-table mutation strategies (registered for the factory's own service registry by
 * {@code PgExtraServiceContributor}): Hibernate's (from the application's registry), each strategy wrapped so that
 * the bulk {@code update} and {@code delete} of an entity spread over several tables ({@code JOINED},
 * {@code TABLE_PER_CLASS}, {@code @SecondaryTable}) are signalled. Hibernate builds a handler per execution and runs
 * it with the query as context, whatever session or entity manager created the query.
 * <p>
 * With a receiver connected for the rows: the rows are selected and locked, {@code DELETE} signals go out, Hibernate's
 * handler runs, its row count is checked against the locked rows (a mismatch marks the transaction for rollback and
 * throws, rather than miss a signal), then {@code UPDATE} signals go out. Without one, the handler is Hibernate's.
 * Insert strategies are Hibernate's, untouched.
 */
public final class SignallingMutationStrategyProvider implements SqmMultiTableMutationStrategyProvider {

	private final SqmMultiTableMutationStrategyProvider hibernate;

	/** @param hibernate the provider of the application's service registry */
	public SignallingMutationStrategyProvider(SqmMultiTableMutationStrategyProvider hibernate) {
		this.hibernate = hibernate;
	}

	@Override
	public SqmMultiTableMutationStrategy createMutationStrategy(EntityMappingType rootEntityDescriptor,
			MappingModelCreationProcess creationProcess) {
		SqmMultiTableMutationStrategy strategy = hibernate.createMutationStrategy( rootEntityDescriptor, creationProcess );
		return strategy == null ? null : new Strategy( strategy );
	}

	@Override
	public SqmMultiTableInsertStrategy createInsertStrategy(EntityMappingType rootEntityDescriptor,
			MappingModelCreationProcess creationProcess) {
		return hibernate.createInsertStrategy( rootEntityDescriptor, creationProcess );
	}

	private record Strategy(SqmMultiTableMutationStrategy hibernate) implements SqmMultiTableMutationStrategy {

		@Override
		public void prepare(MappingModelCreationProcess mappingModelCreationProcess,
				JdbcConnectionAccess connectionAccess) {
			hibernate.prepare( mappingModelCreationProcess, connectionAccess );
		}

		@Override
		public void prepare(MappingModelCreationProcess mappingModelCreationProcess) {
			hibernate.prepare( mappingModelCreationProcess );
		}

		@Override
		public void release(SessionFactoryImplementor sessionFactory, JdbcConnectionAccess connectionAccess) {
			hibernate.release( sessionFactory, connectionAccess );
		}

		@Override
		public MultiTableHandlerBuildResult buildHandler(SqmDeleteOrUpdateStatement<?> sqmStatement,
				DomainParameterXref domainParameterXref, DomainQueryExecutionContext context) {
			MultiTableHandlerBuildResult result = hibernate.buildHandler( sqmStatement, domainParameterXref, context );
			return new MultiTableHandlerBuildResult(
					new Handler( result.multiTableHandler(), sqmStatement, domainParameterXref ),
					result.firstJdbcParameterBindings() );
		}
	}

	private record Handler(MultiTableHandler hibernate, SqmDeleteOrUpdateStatement<?> statement, DomainParameterXref xref)
			implements MultiTableHandler {

		@Override
		public JdbcParameterBindings createJdbcParameterBindings(DomainQueryExecutionContext executionContext) {
			return hibernate.createJdbcParameterBindings( executionContext );
		}

		@Override
		public boolean dependsOnParameterBindings() {
			return hibernate.dependsOnParameterBindings();
		}

		@Override
		public boolean isCompatibleWith(JdbcParameterBindings jdbcParameterBindings, QueryOptions queryOptions) {
			return hibernate.isCompatibleWith( jdbcParameterBindings, queryOptions );
		}

		@Override
		public int execute(JdbcParameterBindings jdbcParameterBindings, DomainQueryExecutionContext context) {
			SharedSessionContractImplementor session = context.getSession();
			SessionFactoryImplementor factory = session.getFactory();
			SignalRegistry registry = PgExtraRuntime.of( factory ).signalRegistry();
			Signal signal = BulkSignals.signal( statement );
			EntityPersister persister = registry.isEmpty() ? null : BulkSignals.persister( factory, statement );
			if ( persister == null || !registry.hasReceiversForRowsOf( signal, persister ) ) {
				return hibernate.execute( jdbcParameterBindings, context );
			}
			List<Row> rows = BulkSignals.lockMatchingRows( statement, persister, xref,
					context.getQueryParameterBindings(), context.getQueryOptions(),
					SqmJdbcExecutionContextAdapter.omittingLockingAndPaging( context ) );
			if ( signal == Signal.DELETE ) {
				registry.send( session, Signal.DELETE, rows );
			}
			int count = hibernate.execute( jdbcParameterBindings, context );
			BulkSignals.checkCount( session, signal, persister, count, rows.size() );
			if ( signal == Signal.UPDATE ) {
				registry.send( session, Signal.UPDATE, rows );
			}
			return count;
		}
	}
}
