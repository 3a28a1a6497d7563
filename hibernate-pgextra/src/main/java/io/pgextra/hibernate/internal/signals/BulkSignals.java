package io.pgextra.hibernate.internal.signals;

import java.io.Serializable;
import java.lang.reflect.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.pgextra.hibernate.internal.PgExtraRuntime;
import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.internal.compat.HibernateCompat.LockedSelect;
import io.pgextra.hibernate.internal.signals.SignalRegistry.Row;
import io.pgextra.hibernate.signals.Signal;

import org.hibernate.FlushMode;
import org.hibernate.HibernateException;
import org.hibernate.LockOptions;
import org.hibernate.Timeouts;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.loader.ast.internal.MultiKeyLoadHelper;
import org.hibernate.metamodel.mapping.BasicEntityIdentifierMapping;
import org.hibernate.metamodel.mapping.DiscriminatorType;
import org.hibernate.metamodel.mapping.EntityDiscriminatorMapping;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.metamodel.mapping.MappingModelExpressible;
import org.hibernate.metamodel.model.domain.EntityDomainType;
import org.hibernate.persister.entity.EntityNameUse;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.UnionSubclassEntityPersister;
import org.hibernate.query.spi.DelegatingQueryOptions;
import org.hibernate.query.spi.DomainQueryExecutionContext;
import org.hibernate.query.spi.Limit;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.query.spi.QueryParameterImplementor;
import org.hibernate.query.sqm.SqmQuerySource;
import org.hibernate.query.sqm.internal.CacheableSqmInterpretation;
import org.hibernate.query.sqm.internal.DomainParameterXref;
import org.hibernate.query.sqm.internal.SimpleDeleteQueryPlan;
import org.hibernate.query.sqm.internal.SimpleNonSelectQueryPlan;
import org.hibernate.query.sqm.internal.SqmJdbcExecutionContextAdapter;
import org.hibernate.query.sqm.internal.SqmQueryImpl;
import org.hibernate.query.sqm.internal.SqmUtil;
import org.hibernate.query.sqm.mutation.internal.SqmMutationStrategyHelper;
import org.hibernate.query.sqm.spi.SqmParameterMappingModelResolutionAccess;
import org.hibernate.query.sqm.sql.SqmTranslation;
import org.hibernate.query.sqm.sql.SqmTranslator;
import org.hibernate.query.sqm.sql.StandardSqmTranslation;
import org.hibernate.query.sqm.tree.SqmCopyContext;
import org.hibernate.query.sqm.tree.SqmDeleteOrUpdateStatement;
import org.hibernate.query.sqm.tree.SqmDmlStatement;
import org.hibernate.query.sqm.tree.SqmStatement;
import org.hibernate.query.sqm.tree.delete.SqmDeleteStatement;
import org.hibernate.query.sqm.tree.expression.SqmParameter;
import org.hibernate.query.sqm.tree.from.SqmFromClause;
import org.hibernate.query.sqm.tree.from.SqmRoot;
import org.hibernate.query.sqm.tree.select.SqmQuerySpec;
import org.hibernate.query.sqm.tree.select.SqmSelectClause;
import org.hibernate.query.sqm.tree.select.SqmSelectStatement;
import org.hibernate.query.sqm.tree.select.SqmSelectableNode;
import org.hibernate.query.sqm.tree.select.SqmSelection;
import org.hibernate.query.sqm.tree.update.SqmUpdateStatement;
import org.hibernate.sql.ast.SqlAstJoinType;
import org.hibernate.sql.ast.tree.AbstractUpdateOrDeleteStatement;
import org.hibernate.sql.ast.tree.MutationStatement;
import org.hibernate.sql.ast.tree.delete.DeleteStatement;
import org.hibernate.sql.ast.tree.expression.ColumnReference;
import org.hibernate.sql.ast.tree.expression.JdbcParameter;
import org.hibernate.sql.ast.tree.from.NamedTableReference;
import org.hibernate.sql.ast.tree.from.TableGroup;
import org.hibernate.sql.ast.tree.from.TableReferenceJoin;
import org.hibernate.sql.ast.tree.predicate.InArrayPredicate;
import org.hibernate.sql.ast.tree.predicate.Predicate;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.hibernate.sql.ast.tree.update.UpdateStatement;
import org.hibernate.sql.exec.internal.JdbcParameterBindingImpl;
import org.hibernate.sql.exec.internal.JdbcParameterImpl;
import org.hibernate.sql.exec.spi.ExecutionContext;
import org.hibernate.sql.exec.spi.JdbcOperationQueryMutation;
import org.hibernate.sql.exec.spi.JdbcParameterBindings;
import org.hibernate.sql.exec.spi.JdbcParametersList;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.Query;

/**
 * Signals for bulk JPQL/HQL {@code update} and {@code delete} statements, which Hibernate runs without events.
 * <p>
 * A statement is only touched when a receiver is connected for the rows it may hit; otherwise the delegate's query
 * is returned as it is and runs Hibernate's SQL unchanged. With a receiver, PostgreSQL says which rows were hit:
 * <ul>
 * <li>{@code update} of a single-table entity: Hibernate's own {@code UPDATE} with {@code RETURNING} the primary key
 * (and the discriminator for an entity with subclasses): one statement, exact, then one signal per returned row.
 * <li>{@code delete} of a single-table entity: the signal goes out <em>before</em> the row is deleted, so the rows are
 * first selected and locked ({@code SELECT ... FOR NO KEY UPDATE} with the statement's own restriction), signalled,
 * and then exactly those rows are deleted: Hibernate's own {@code DELETE} with {@code and id = any(?)} added to its
 * restriction (kept, so that partitions are pruned), as Django deletes the rows it collected. Rows that start to match in between (committed by
 * another transaction) are not deleted: the statement behaves as if it ran when the rows were selected.
 * <li>an entity spread over several tables ({@code JOINED}, {@code TABLE_PER_CLASS}, {@code @SecondaryTable}) or
 * with a composite key: the rows are selected and locked the same way (a {@code TABLE_PER_CLASS} entity with
 * subclasses once per concrete table, as PostgreSQL cannot lock a {@code UNION}), then Hibernate's statement runs
 * unchanged; if it reports a different row count (rows started to match in between), the transaction is marked
 * for rollback and an {@link OptimisticLockException} says to retry, rather than miss a signal.
 * </ul>
 * The rows are selected after the auto-flush Hibernate's statement would do (with the query's flush mode), so that
 * pending changes of the session count as they do for plain Hibernate.
 *
 * @since 0.1.0
 */
public final class BulkSignals {

	private BulkSignals() {
	}

	/**
	 * @param query a query just created by the delegate entity manager
	 * @return {@code query} itself, unless it is an {@code update} or {@code delete} whose rows have receivers:
	 * then a wrapper whose {@code executeUpdate()} sends the signals
	 */
	public static Query wrap(Query query) {
		if ( !( query instanceof SqmQueryImpl<?> sqm ) ) {
			return query;
		}
		SqmStatement<?> statement = sqm.getSqmStatement();
		if ( !( statement instanceof SqmDeleteOrUpdateStatement<?> mutation ) ) {
			return query;
		}
		SessionFactoryImplementor factory = sqm.getSession().getFactory();
		SignalRegistry registry = PgExtraRuntime.of( factory ).signalRegistry();
		if ( registry.isEmpty() ) {
			return query;
		}
		EntityPersister persister = persister( factory, mutation );
		if ( persister == null || !registry.hasReceiversForRowsOf( signal( mutation ), persister ) ) {
			return query;
		}
		return new SignalingQuery( sqm, registry );
	}

	static Signal signal(SqmDeleteOrUpdateStatement<?> statement) {
		return statement instanceof SqmUpdateStatement<?> ? Signal.UPDATE : Signal.DELETE;
	}

	private static EntityPersister persister(SessionFactoryImplementor factory, SqmDeleteOrUpdateStatement<?> statement) {
		EntityDomainType<?> target = statement.getTarget().getModel();
		return factory.getMappingMetamodel().findEntityDescriptor( target.getHibernateEntityName() );
	}

	/** {@code executeUpdate()} of a query wrapped by {@link #wrap}. */
	static int executeUpdate(SqmQueryImpl<?> query, SignalRegistry registry) {
		SqmDeleteOrUpdateStatement<?> statement = (SqmDeleteOrUpdateStatement<?>) query.getSqmStatement();
		SharedSessionContractImplementor session = query.getSession();
		EntityPersister persister = persister( session.getFactory(), statement );
		Signal signal = signal( statement );
		if ( !registry.hasReceiversForRowsOf( signal, persister ) ) {
			// disconnected since the query was created: Hibernate's statement, untouched
			return query.executeUpdate();
		}
		session.checkTransactionNeededForUpdateOperation( "No active transaction for update or delete query" );
		return withQueryFlushMode( query, () -> executeSignalling( query, registry, statement, persister, signal ) );
	}

	private static int executeSignalling(SqmQueryImpl<?> query, SignalRegistry registry,
			SqmDeleteOrUpdateStatement<?> statement, EntityPersister persister, Signal signal) {
		SharedSessionContractImplementor session = query.getSession();
		switch ( strategy( statement, persister ) ) {
			case RETURNING_UPDATE -> {
				List<Row> rows = hibernate( query, () -> {
					ReturningUpdatePlan plan = new ReturningUpdatePlan( (SqmUpdateStatement<?>) statement,
							query.getDomainParameterXref(), persister );
					plan.executeUpdate( query );
					return plan.rows;
				} );
				registry.send( session, Signal.UPDATE, rows );
				return rows.size();
			}
			case RESTRICTED_DELETE -> {
				List<Row> rows = hibernate( query, () -> lockMatchingRows( query, statement, persister ) );
				// before the rows are deleted: a receiver can still read them, or veto by throwing
				registry.send( session, Signal.DELETE, rows );
				// no matching row: nothing to delete, and no statement to send
				return rows.isEmpty() ? 0 : hibernate( query, () -> new IdRestrictedDeletePlan( persister,
						(SqmDeleteStatement<?>) statement, query.getDomainParameterXref(), rows ).executeUpdate( query ) );
			}
			default -> {
				List<Row> rows = hibernate( query, () -> lockMatchingRows( query, statement, persister ) );
				if ( signal == Signal.DELETE ) {
					registry.send( session, Signal.DELETE, rows );
				}
				// Hibernate's own statement, with its own exception handling
				int count = query.executeUpdate();
				if ( count != rows.size() ) {
					session.markForRollbackOnly();
					throw new OptimisticLockException( "The bulk " + signal.name().toLowerCase( Locale.ROOT ) + " of "
							+ persister.getEntityName() + " affected " + count + " rows, but " + rows.size()
							+ " matched when they were locked: another transaction changed matching rows in between,"
							+ " so the signals would not be exact. The transaction is marked for rollback; retry it" );
				}
				if ( signal == Signal.UPDATE ) {
					registry.send( session, Signal.UPDATE, rows );
				}
				return count;
			}
		}
	}

	/**
	 * Runs {@code work} with the query's flush mode ({@code setFlushMode}, {@code setHibernateFlushMode}, the
	 * flush mode hint) as the session's, as Hibernate's own {@code executeUpdate()} does around its execution: the
	 * auto-flush before the rows are locked then follows the same rules as the one of Hibernate's statement.
	 */
	private static int withQueryFlushMode(SqmQueryImpl<?> query, IntSupplier work) {
		FlushMode queryFlushMode = query.getQueryOptions().getFlushMode();
		if ( queryFlushMode == null || !( query.getSession() instanceof SessionImplementor session ) ) {
			return work.getAsInt();
		}
		FlushMode sessionFlushMode = session.getHibernateFlushMode();
		session.setHibernateFlushMode( queryFlushMode );
		try {
			return work.getAsInt();
		}
		finally {
			session.setHibernateFlushMode( sessionFlushMode );
		}
	}

	/** Runs Hibernate work of the query as its own {@code executeUpdate()} does: exceptions converted, expansions cleared. */
	private static <R> R hibernate(SqmQueryImpl<?> query, Supplier<R> work) {
		try {
			return work.get();
		}
		catch (HibernateException e) {
			throw query.getSession().getExceptionConverter().convert( e );
		}
		finally {
			query.getDomainParameterXref().clearExpansions();
		}
	}

	private enum Strategy { RETURNING_UPDATE, RESTRICTED_DELETE, LOCK_THEN_DELEGATE }

	private static Strategy strategy(SqmDeleteOrUpdateStatement<?> statement, EntityPersister persister) {
		if ( persister.getSqmMultiTableMutationStrategy() != null
				|| !( persister.getIdentifierMapping() instanceof BasicEntityIdentifierMapping ) ) {
			return Strategy.LOCK_THEN_DELEGATE;
		}
		if ( persister.hasSubclasses() ) {
			EntityDiscriminatorMapping discriminator = persister.getDiscriminatorMapping();
			if ( discriminator == null || !discriminator.hasPhysicalColumn() || discriminator.isFormula() ) {
				return Strategy.LOCK_THEN_DELEGATE;
			}
		}
		return statement instanceof SqmUpdateStatement<?> ? Strategy.RETURNING_UPDATE : Strategy.RESTRICTED_DELETE;
	}

	// ---------------------------------------------------------------------------------------- SELECT ... FOR UPDATE

	/**
	 * Selects and locks the rows the statement's restriction matches, as Hibernate's multi-table strategies select
	 * the matching ids, with the same parameter bindings: {@code select id[, type] from ... where <restriction>
	 * for no key update of <the entity's own tables>}.
	 * <p>
	 * The lock clause is rendered here rather than by Hibernate: for an entity with subclass tables Hibernate sees
	 * outer joins and falls back to "follow-on" locking, which for a select of scalars locks nothing. PostgreSQL
	 * can lock the rows of the tables that are not on the nullable side of a join, which are the entity's own.
	 * <p>
	 * A {@code TABLE_PER_CLASS} entity with subclasses is a {@code UNION} of its concrete tables, which PostgreSQL
	 * cannot lock: the same select runs once per concrete table, its {@code UNION} cut down to that table's branch.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static List<Row> lockMatchingRows(SqmQueryImpl<?> query, SqmDeleteOrUpdateStatement<?> statement,
			EntityPersister persister) {
		SharedSessionContractImplementor session = query.getSession();
		SessionFactoryImplementor factory = session.getFactory();
		// a copy: the statement is shared through Hibernate's query plan cache, and selecting paths changes a root;
		// the parameters are kept, so that the query's bindings apply
		SqmDeleteOrUpdateStatement<?> copy = (SqmDeleteOrUpdateStatement<?>) statement.copy( SqmCopyContext.noParamCopyContext() );
		SqmRoot<?> root = copy.getTarget();
		var nodeBuilder = copy.nodeBuilder();
		SqmQuerySpec<Object[]> spec = new SqmQuerySpec<>( nodeBuilder );
		spec.setFromClause( new SqmFromClause( 1 ) );
		spec.addRoot( (SqmRoot) root );
		SqmSelectClause select = new SqmSelectClause( false, 2, nodeBuilder );
		select.addSelection( new SqmSelection<>( (SqmSelectableNode) root.id(), nodeBuilder ) );
		boolean typed = persister.hasSubclasses();
		if ( typed ) {
			select.addSelection( new SqmSelection<>( root.type(), nodeBuilder ) );
		}
		spec.setSelectClause( select );
		spec.setWhereClause( copy.getWhereClause() );
		SqmSelectStatement<Object[]> selectStatement = new SqmSelectStatement<>( spec, Object[].class,
				SqmQuerySource.CRITERIA, nodeBuilder );

		QueryOptions options = unlimited( query.getQueryOptions() );
		DomainParameterXref xref = query.getDomainParameterXref();
		SqmTranslator<SelectStatement> translator = factory.getQueryEngine().getSqmTranslatorFactory()
				.createSelectTranslator( selectStatement, options, xref, query.getQueryParameterBindings(),
						session.getLoadQueryInfluencers(), factory.getSqlTranslationEngine(), true );
		SqmTranslation<SelectStatement> translation = translator.translate();
		var jdbcParamsXref = SqmUtil.generateJdbcParamsXref( xref, translator );
		JdbcParameterBindings bindings = SqmUtil.createJdbcParameterBindings( query.getQueryParameterBindings(), xref,
				jdbcParamsXref, resolutions( translation ), session );
		SelectStatement sqlAst = translation.getSqlAst();
		TableGroup rootGroup = sqlAst.getQuerySpec().getFromClause().getRoots().get( 0 );

		// for a TABLE_PER_CLASS entity with subclasses a UNION, which is not run: its tables are those to flush
		LockedSelect locked = render( factory, sqlAst, rootGroup, bindings, options );
		// Hibernate's statement flushes pending changes of the session before it runs (in its own execution,
		// StandardJdbcMutationExecutor): the rows are selected after the same auto-flush, else the signals (and,
		// for a delete, the rows deleted) would miss a pending insert or change that makes a row match
		autoFlush( session, statement, persister, locked.affectedTableNames() );
		List<Object[]> results = persister instanceof UnionSubclassEntityPersister && persister.hasSubclasses()
				? lockPerConcreteTable( query, persister, sqlAst, rootGroup, bindings, options )
				: lockAndList( query, locked, bindings );

		var metamodel = factory.getMappingMetamodel();
		List<Row> rows = new ArrayList<>( results.size() );
		for ( Object[] result : results ) {
			EntityPersister concrete = persister;
			if ( typed ) {
				Object type = result[1];
				concrete = type instanceof Class<?> c ? metamodel.getEntityDescriptor( c )
						: metamodel.getEntityDescriptor( (String) type );
			}
			rows.add( new Row( concrete, result[0], null ) );
		}
		return rows;
	}

	/**
	 * The select of a {@code TABLE_PER_CLASS} entity with subclasses, once per concrete table (in the order of the
	 * entity names, the same for every statement of the hierarchy): the root's {@code UNION} cut down to that
	 * table's branch, which keeps every column of the entity's subtree, as the restriction may use any (the way
	 * Hibernate prunes the {@code UNION} of a query restricted to a subclass). PostgreSQL locks the rows of a
	 * subquery without {@code UNION}, and rechecks the restriction on a row another transaction changed.
	 */
	private static List<Object[]> lockPerConcreteTable(SqmQueryImpl<?> query, EntityPersister persister,
			SelectStatement sqlAst, TableGroup rootGroup, JdbcParameterBindings bindings, QueryOptions options) {
		SessionFactoryImplementor factory = persister.getFactory();
		var metamodel = factory.getMappingMetamodel();
		Map<String, EntityNameUse> subtree = new HashMap<>();
		List<String> concrete = new ArrayList<>();
		for ( String entityName : persister.getSubclassEntityNames() ) {
			subtree.put( entityName, EntityNameUse.EXPRESSION );
			if ( !metamodel.getEntityDescriptor( entityName ).isAbstract() ) {
				concrete.add( entityName );
			}
		}
		concrete.sort( null );
		List<Object[]> results = new ArrayList<>();
		// the SQL AST is this select's own: pruning its root changes no other statement
		for ( String entityName : concrete ) {
			Map<String, EntityNameUse> uses = new HashMap<>( subtree );
			uses.put( entityName, EntityNameUse.FILTER );
			persister.pruneForSubclasses( rootGroup, uses );
			results.addAll( lockAndList( query, render( factory, sqlAst, rootGroup, bindings, options ), bindings ) );
		}
		return results;
	}

	/** The select with the lock clause, as the SQL AST (and the pruned table expression) stand now. */
	private static LockedSelect render(SessionFactoryImplementor factory, SelectStatement sqlAst,
			TableGroup rootGroup, JdbcParameterBindings bindings, QueryOptions options) {
		// the select operation's class and constructor differ between Hibernate lines: the compat seam builds it
		return HibernateCompat.get().lockedSelect( factory, sqlAst, bindings, options, lockClause( factory, rootGroup ) );
	}

	private static List<Object[]> lockAndList(SqmQueryImpl<?> query, LockedSelect locked,
			JdbcParameterBindings bindings) {
		return HibernateCompat.get().list( query.getSession().getFactory(), locked, bindings,
				SqmJdbcExecutionContextAdapter.omittingLockingAndPaging( query ) );
	}

	/**
	 * The auto-flush of Hibernate's statement, before the rows are locked: {@code autoFlushIfRequired} applies
	 * the session's (here the query's) flush mode and flushes nothing outside a transaction. The query spaces are
	 * those Hibernate's statement reads or writes: the tables of the select (the entity's and those of the
	 * restriction's subqueries), the entity's own, and for a {@code delete} the collection tables it clears first.
	 */
	private static void autoFlush(SharedSessionContractImplementor session, SqmDeleteOrUpdateStatement<?> statement,
			EntityPersister persister, Set<String> selectedTables) {
		Set<String> spaces = new HashSet<>( selectedTables );
		for ( Serializable space : persister.getQuerySpaces() ) {
			spaces.add( (String) space );
		}
		if ( statement instanceof SqmDeleteStatement<?> ) {
			SqmMutationStrategyHelper.visitCollectionTables( persister, collection -> {
				if ( collection.getSeparateCollectionTable() != null ) {
					for ( Serializable space : collection.getCollectionDescriptor().getCollectionSpaces() ) {
						spaces.add( (String) space );
					}
				}
			} );
		}
		session.autoFlushIfRequired( spaces );
	}

	/** {@code for no key update of <the root's table and the tables it inner-joins>} (its superclass tables). */
	private static String lockClause(SessionFactoryImplementor factory, TableGroup root) {
		StringBuilder aliases = new StringBuilder( root.getPrimaryTableReference().getIdentificationVariable() );
		for ( TableReferenceJoin join : root.getTableReferenceJoins() ) {
			if ( join.getJoinType() == SqlAstJoinType.INNER ) {
				aliases.append( ',' ).append( join.getJoinedTableReference().getIdentificationVariable() );
			}
		}
		return factory.getJdbcServices().getDialect().getWriteLockString( aliases.toString(), Timeouts.WAIT_FOREVER );
	}

	/**
	 * The query's options without paging or locking: neither applies to the rows of an update or delete, and the
	 * lock clause is appended by {@link #lockClause}.
	 */
	private static QueryOptions unlimited(QueryOptions options) {
		return new DelegatingQueryOptions( options ) {
			@Override
			@SuppressWarnings("removal") // the type of the overridden method: Hibernate 7's own query options use it
			public LockOptions getLockOptions() {
				return new LockOptions();
			}

			@Override
			public Integer getFirstRow() {
				return null;
			}

			@Override
			public Integer getMaxRows() {
				return null;
			}

			@Override
			public Limit getLimit() {
				return Limit.NONE;
			}
		};
	}

	private static SqmParameterMappingModelResolutionAccess resolutions(SqmTranslation<?> translation) {
		return new SqmParameterMappingModelResolutionAccess() {
			@Override
			@SuppressWarnings("unchecked")
			public <T> MappingModelExpressible<T> getResolvedMappingModelType(SqmParameter<T> parameter) {
				return (MappingModelExpressible<T>) translation.getSqmParameterMappingModelTypeResolutions().get( parameter );
			}
		};
	}

	// ---------------------------------------------------------------------------------------- UPDATE ... RETURNING

	/**
	 * Hibernate's plan for a single-table {@code update}, with {@code RETURNING} the key (and discriminator) added to
	 * its SQL AST, executed as a query.
	 */
	private static final class ReturningUpdatePlan extends SimpleNonSelectQueryPlan {
		private final EntityPersister persister;
		final List<Row> rows = new ArrayList<>();

		ReturningUpdatePlan(SqmUpdateStatement<?> statement, DomainParameterXref xref, EntityPersister persister) {
			super( statement, xref );
			this.persister = persister;
		}

		@Override
		protected SqmTranslation<? extends MutationStatement> buildTranslation(SqmDmlStatement<?> sqm,
				DomainParameterXref domainParameterXref, DomainQueryExecutionContext executionContext) {
			SqmTranslation<? extends MutationStatement> translation =
					super.buildTranslation( sqm, domainParameterXref, executionContext );
			UpdateStatement update = (UpdateStatement) translation.getSqlAst();
			NamedTableReference target = update.getTargetTable();
			List<ColumnReference> returning = new ArrayList<>( 2 );
			returning.add( new ColumnReference( target, (BasicEntityIdentifierMapping) persister.getIdentifierMapping() ) );
			if ( persister.hasSubclasses() ) {
				returning.add( new ColumnReference( target, persister.getDiscriminatorMapping() ) );
			}
			return new StandardSqmTranslation<>(
					HibernateCompat.get().updateStatement( update, update.getRestriction(), returning ),
					translation.getJdbcParamsBySqmParam(),
					translation.getSqmParameterMappingModelTypeResolutions(),
					translation.getSqlExpressionResolver(),
					translation.getFromClauseAccess() );
		}

		/** As Hibernate's {@code StandardJdbcMutationExecutor}, but reads the rows {@code RETURNING} gives. */
		@Override
		protected int execute(CacheableSqmInterpretation<MutationStatement, JdbcOperationQueryMutation> interpretation,
				JdbcParameterBindings bindings, ExecutionContext executionContext) {
			JdbcOperationQueryMutation mutation = HibernateCompat.get().mutationOperation( interpretation );
			SharedSessionContractImplementor session = executionContext.getSession();
			session.autoFlushIfRequired( mutation.getAffectedTableNames() );
			var jdbcServices = session.getJdbcServices();
			var coordinator = session.getJdbcCoordinator();
			var logicalConnection = coordinator.getLogicalConnection();
			QueryOptions options = executionContext.getQueryOptions();
			String sql = options == null ? mutation.getSqlString()
					: jdbcServices.getDialect().addSqlHintOrComment( mutation.getSqlString(), options,
							session.getFactory().getSessionFactoryOptions().isCommentsEnabled() );
			BasicEntityIdentifierMapping id = (BasicEntityIdentifierMapping) persister.getIdentifierMapping();
			JdbcMapping idMapping = id.getJdbcMapping();
			EntityDiscriminatorMapping discriminator = persister.hasSubclasses() ? persister.getDiscriminatorMapping() : null;
			var metamodel = session.getFactory().getMappingMetamodel();
			try {
				PreparedStatement statement = coordinator.getStatementPreparer().prepareStatement( sql );
				try {
					if ( options != null && options.getTimeout() != null ) {
						statement.setQueryTimeout( options.getTimeout() );
					}
					int position = 1;
					for ( var binder : mutation.getParameterBinders() ) {
						binder.bindParameterValue( statement, position++, bindings, executionContext );
					}
					ResultSet resultSet = coordinator.getResultSetReturn().extract( statement, sql );
					while ( resultSet.next() ) {
						Object value = idMapping.getJdbcValueExtractor().extract( resultSet, 1, session );
						EntityPersister concrete = persister;
						if ( discriminator != null ) {
							DiscriminatorType<?> type = (DiscriminatorType<?>) discriminator.getJdbcMapping();
							Object relational = type.getUnderlyingJdbcMapping().getJdbcValueExtractor()
									.extract( resultSet, 2, session );
							concrete = discriminator.resolveDiscriminatorValue( relational ).getIndicatedEntity()
									.getEntityPersister();
						}
						rows.add( new Row( concrete, idMapping.convertToDomainValue( value ), null ) );
					}
					return rows.size();
				}
				finally {
					logicalConnection.getResourceRegistry().release( statement );
				}
			}
			catch (SQLException e) {
				throw jdbcServices.getSqlExceptionHelper().convert( e, "JDBC exception executing SQL", sql );
			}
			finally {
				executionContext.afterStatement( logicalConnection );
			}
		}
	}

	// ---------------------------------------------------------------------------------------- DELETE ... = any(?)

	/**
	 * Hibernate's plan for a single-table {@code delete} (collection tables and soft delete included), with
	 * {@code and id = any(?)} over the rows that were locked and signalled added to its restriction.
	 */
	private static final class IdRestrictedDeletePlan extends SimpleDeleteQueryPlan {
		private final EntityPersister persister;
		private final List<Row> rows;

		IdRestrictedDeletePlan(EntityPersister persister, SqmDeleteStatement<?> statement, DomainParameterXref xref,
				List<Row> rows) {
			super( persister, statement, xref );
			this.persister = persister;
			this.rows = rows;
		}

		@Override
		protected Interpretation buildInterpretation(MutationStatement mutationStatement,
				Map<QueryParameterImplementor<?>, Map<SqmParameter<?>, List<JdbcParametersList>>> jdbcParamsXref,
				Map<SqmParameter<?>, MappingModelExpressible<?>> parameterModelTypeResolutions,
				JdbcParameterBindings jdbcParameterBindings, DomainQueryExecutionContext executionContext) {
			SessionFactoryImplementor factory = executionContext.getSession().getFactory();
			AbstractUpdateOrDeleteStatement statement = (AbstractUpdateOrDeleteStatement) mutationStatement;
			NamedTableReference target = statement.getTargetTable();
			BasicEntityIdentifierMapping id = (BasicEntityIdentifierMapping) persister.getIdentifierMapping();
			JdbcMapping idMapping = id.getJdbcMapping();
			Class<?> elementClass = idMapping.getJdbcJavaType().getJavaTypeClass();
			JdbcMapping arrayMapping = MultiKeyLoadHelper.resolveArrayJdbcMapping( idMapping, elementClass, factory );
			Object ids = Array.newInstance( elementClass, rows.size() );
			for ( int i = 0; i < rows.size(); i++ ) {
				Array.set( ids, i, idMapping.convertToRelationalValue( rows.get( i ).id() ) );
			}
			JdbcParameter parameter = new JdbcParameterImpl( arrayMapping );
			jdbcParameterBindings.addBinding( parameter, new JdbcParameterBindingImpl( arrayMapping, ids ) );
			// exactly the locked rows: rows that started to match since were not signalled. The statement's own
			// restriction stays (the locked rows still satisfy it) so that PostgreSQL can still prune partitions.
			Predicate restriction = Predicate.combinePredicates( statement.getRestriction(),
					new InArrayPredicate( new ColumnReference( target, id ), parameter ) );
			MutationStatement restricted = statement instanceof UpdateStatement update
					? HibernateCompat.get().updateStatement( update, restriction, update.getReturningColumns() )
					: HibernateCompat.get().deleteStatement( statement, restriction );
			return super.buildInterpretation( restricted, jdbcParamsXref, parameterModelTypeResolutions,
					jdbcParameterBindings, executionContext );
		}
	}
}
