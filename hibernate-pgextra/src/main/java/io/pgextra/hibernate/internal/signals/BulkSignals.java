package io.pgextra.hibernate.internal.signals;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.internal.compat.HibernateCompat.LockedSelect;
import io.pgextra.hibernate.internal.signals.SignalRegistry.Row;
import io.pgextra.hibernate.signals.Signal;

import org.hibernate.LockOptions;
import org.hibernate.Timeouts;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.BasicEntityIdentifierMapping;
import org.hibernate.metamodel.mapping.MappingModelExpressible;
import org.hibernate.metamodel.model.domain.EntityDomainType;
import org.hibernate.persister.entity.EntityNameUse;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.UnionSubclassEntityPersister;
import org.hibernate.query.spi.DelegatingQueryOptions;
import org.hibernate.query.spi.Limit;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.query.spi.QueryParameterBindings;
import org.hibernate.query.sqm.SqmQuerySource;
import org.hibernate.query.sqm.internal.DomainParameterXref;
import org.hibernate.query.sqm.internal.SqmUtil;
import org.hibernate.query.sqm.mutation.internal.SqmMutationStrategyHelper;
import org.hibernate.query.sqm.spi.SqmParameterMappingModelResolutionAccess;
import org.hibernate.query.sqm.sql.SqmTranslation;
import org.hibernate.query.sqm.sql.SqmTranslator;
import org.hibernate.query.sqm.tree.SqmCopyContext;
import org.hibernate.query.sqm.tree.SqmDeleteOrUpdateStatement;
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
import org.hibernate.sql.ast.tree.from.TableGroup;
import org.hibernate.sql.ast.tree.from.TableReferenceJoin;
import org.hibernate.sql.ast.tree.select.SelectStatement;
import org.hibernate.sql.exec.spi.ExecutionContext;
import org.hibernate.sql.exec.spi.JdbcParameterBindings;

import jakarta.persistence.OptimisticLockException;

/**
 * What every signalled bulk JPQL/HQL/Criteria {@code update} and {@code delete} shares, whatever ran it: which
 * signal, which entity, how the statement is signalled ({@link Shape}), and the select that finds and locks the rows
 * it will hit.
 * <p>
 * Hibernate runs bulk statements without entity events. hibernate-pgextra hooks into the execution of every bulk
 * statement of the factory (see {@link BulkSignalsTranslatorFactory}, {@link SignallingMutationExecutor} and
 * {@link SignallingMutationStrategyProvider}): with no receiver connected for the rows a statement may hit, nothing is
 * changed and Hibernate's SQL runs as it is; with one, the rows are first selected and locked
 * ({@code SELECT id[, type] ... FOR NO KEY UPDATE} with the statement's own restriction), then:
 * <ul>
 * <li>{@link Shape#ID_RESTRICTED} (a single-table entity with a simple key): {@code DELETE} signals go out, Hibernate's
 * own statement runs with {@code and id = any(?)} bound to the locked keys added to its restriction (as Django deletes
 * the rows it collected; the restriction stays so that PostgreSQL still prunes partitions), then {@code UPDATE}
 * signals go out. Exactly the rows that were locked and signalled are written: rows that start to match in between
 * (committed by another transaction) are not, so the statement acts as of its row lock. An {@code update} is two
 * statements (the select, then the update) rather than one {@code update ... returning}: the same path and guarantee
 * as a {@code delete}, through Hibernate's own executor, which does not read {@code RETURNING} rows.
 * <li>{@link Shape#LOCK_THEN_DELEGATE} (a composite key on a single table, or an entity spread over several tables:
 * {@code JOINED}, {@code TABLE_PER_CLASS}, {@code @SecondaryTable}): Hibernate's statement runs with its own
 * restriction.
 * </ul>
 * Either way, if Hibernate's statement reports a different row count than was locked (rows started to match in
 * between, or a locked row stopped matching the restriction, e.g. changed by a receiver), the transaction is marked
 * for rollback and an {@link OptimisticLockException} says to retry, rather than leave a signal wrong.
 * The rows are selected after the auto-flush Hibernate's statement does (with the query's flush mode, which
 * Hibernate has applied to the session by then), so pending changes of the session count as they do for Hibernate.
 *
 * @since 0.1.0
 */
public final class BulkSignals {

	private BulkSignals() {
	}

	/** How a statement whose rows have receivers is signalled. */
	enum Shape {
		/** lock, signal, Hibernate's statement restricted to {@code id = any(locked keys)} */
		ID_RESTRICTED,
		/** lock, signal, Hibernate's statement with its own restriction, row-count check */
		LOCK_THEN_DELEGATE
	}

	static Shape shape(EntityPersister persister) {
		return persister.getSqmMultiTableMutationStrategy() == null
				&& persister.getIdentifierMapping() instanceof BasicEntityIdentifierMapping
				? Shape.ID_RESTRICTED : Shape.LOCK_THEN_DELEGATE;
	}

	static Signal signal(SqmDeleteOrUpdateStatement<?> statement) {
		return statement instanceof SqmUpdateStatement<?> ? Signal.UPDATE : Signal.DELETE;
	}

	/** @return the persister of the statement's target entity, or {@code null} if the factory has none */
	static EntityPersister persister(SessionFactoryImplementor factory, SqmDeleteOrUpdateStatement<?> statement) {
		EntityDomainType<?> target = statement.getTarget().getModel();
		return factory.getMappingMetamodel().findEntityDescriptor( target.getHibernateEntityName() );
	}

	/**
	 * Marks the transaction for rollback and throws, if Hibernate's statement hit another number of rows than were
	 * locked and signalled.
	 */
	static void checkCount(SharedSessionContractImplementor session, Signal signal, EntityPersister persister,
			int count, int locked) {
		if ( count != locked ) {
			session.markForRollbackOnly();
			throw new OptimisticLockException( "The bulk " + signal.name().toLowerCase( Locale.ROOT ) + " of "
					+ persister.getEntityName() + " affected " + count + " rows, but " + locked
					+ " matched when they were locked: another transaction changed matching rows in between,"
					+ " so the signals would not be exact. The transaction is marked for rollback; retry it" );
		}
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
	static List<Row> lockMatchingRows(SqmDeleteOrUpdateStatement<?> statement, EntityPersister persister,
			DomainParameterXref xref, QueryParameterBindings domainBindings, QueryOptions queryOptions,
			ExecutionContext context) {
		SharedSessionContractImplementor session = context.getSession();
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

		QueryOptions options = unlimited( queryOptions );
		// Hibernate's statement was translated and bound before: its expansions of list-valued parameters
		// ("in :ids") would be added to by this translation; they are no longer needed once its bindings exist
		// (Hibernate clears them itself after the execution)
		xref.clearExpansions();
		SqmTranslator<SelectStatement> translator = factory.getQueryEngine().getSqmTranslatorFactory()
				.createSelectTranslator( selectStatement, options, xref, domainBindings,
						session.getLoadQueryInfluencers(), factory.getSqlTranslationEngine(), true );
		SqmTranslation<SelectStatement> translation;
		JdbcParameterBindings bindings;
		try {
			translation = translator.translate();
			var jdbcParamsXref = SqmUtil.generateJdbcParamsXref( xref, translator );
			bindings = SqmUtil.createJdbcParameterBindings( domainBindings, xref, jdbcParamsXref,
					resolutions( translation ), session );
		}
		finally {
			xref.clearExpansions();
		}
		SelectStatement sqlAst = translation.getSqlAst();
		TableGroup rootGroup = sqlAst.getQuerySpec().getFromClause().getRoots().get( 0 );

		// for a TABLE_PER_CLASS entity with subclasses a UNION, which is not run: its tables are those to flush
		LockedSelect locked = render( factory, sqlAst, rootGroup, bindings, options );
		// Hibernate's statement flushes pending changes of the session before it runs (in its own execution,
		// StandardJdbcMutationExecutor): the rows are selected after the same auto-flush, else the signals (and,
		// for a delete, the rows deleted) would miss a pending insert or change that makes a row match
		autoFlush( session, statement, persister, locked.affectedTableNames() );
		List<Object[]> results = persister instanceof UnionSubclassEntityPersister && persister.hasSubclasses()
				? lockPerConcreteTable( context, persister, sqlAst, rootGroup, bindings, options )
				: lockAndList( context, locked, bindings );

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
	private static List<Object[]> lockPerConcreteTable(ExecutionContext context, EntityPersister persister,
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
			results.addAll( lockAndList( context, render( factory, sqlAst, rootGroup, bindings, options ), bindings ) );
		}
		return results;
	}

	/** The select with the lock clause, as the SQL AST (and the pruned table expression) stand now. */
	private static LockedSelect render(SessionFactoryImplementor factory, SelectStatement sqlAst,
			TableGroup rootGroup, JdbcParameterBindings bindings, QueryOptions options) {
		// the select operation's class and constructor differ between Hibernate lines: the compat seam builds it
		return HibernateCompat.get().lockedSelect( factory, sqlAst, bindings, options, lockClause( factory, rootGroup ) );
	}

	private static List<Object[]> lockAndList(ExecutionContext context, LockedSelect locked,
			JdbcParameterBindings bindings) {
		return HibernateCompat.get().list( context.getSession().getFactory(), locked, bindings, context );
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
}
