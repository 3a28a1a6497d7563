package io.pgextra.hibernate.internal.conflict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictCondition;
import io.pgextra.hibernate.ConflictExpression;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.DuplicateConflictKeyException;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.internal.PgExtraRuntime;
import io.pgextra.hibernate.internal.conflict.RowBinder.BoundRows;

import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TransactionRequiredException;

/**
 * One {@code INSERT ... ON CONFLICT} call, as the data flows through its stages:
 * <ol>
 * <li>{@link RowInput}: the caller's maps or entities, checked, as attribute values;</li>
 * <li>{@link ConflictPlan} (with {@link UpdateClause}): the statement's columns and conflict key; each row's JDBC
 * values;</li>
 * <li>{@link ValueConverter}: every value of every row converted (lossless or rejected) before the first
 * statement;</li>
 * <li>{@link RowBinder}: a chunk of rows as bind parameters (one array per column, or one per value);</li>
 * <li>{@link StatementRenderer}: the SQL of one statement;</li>
 * <li>{@link StatementRunner}: runs it through Hibernate and translates the errors it can explain;</li>
 * <li>{@link ResultReader}: result rows back to input positions, then refresh, cache eviction and signals.</li>
 * </ol>
 * This class only decides the order: which rows go together in which statement ({@link KeyOrder}: by conflict key),
 * and what is retried. A row whose key contains {@code NULL} never conflicts and cannot be matched by key: such rows
 * go together, matched by identifier when the rows give it, else each on its own. Any failure marks the transaction
 * for rollback: a call keeps all of its rows or none.
 */
final class ConflictExecution {

	/** What a call returns per row. */
	enum Mode { IDS, ENTITIES, OUTCOMES }

	/** One row's result, in input order. */
	record RowResult(Object id, RowOutcome outcome, Object entity) {
		ConflictResult toResult() {
			return new ConflictResult( id, outcome );
		}
	}

	/** Keeps the statement under PostgreSQL's limit of 65,535 bind parameters, with room to spare. */
	static final int MAX_PARAMETERS = 32_000;
	/**
	 * Rows per statement with a parameter per value ({@code VALUES}): large enough to amortize round trips, small
	 * enough that no statement holds an unbounded number of rows.
	 */
	static final int MAX_ROWS_PER_STATEMENT = 2_000;
	/**
	 * Rows per statement with one array parameter per column ({@code unnest}), which the parameter limit does not
	 * bound. In BENCHMARKS.md, 1,000 rows per statement were slower and 2,000 to 6,400 measured the same within the
	 * noise on a loopback connection; the larger size saves round trips where they cost more, and still bounds the
	 * memory of one statement (a few MB on either side for 10,000 rows of a handful of columns).
	 */
	static final int MAX_ROWS_PER_ARRAY_STATEMENT = 10_000;
	private static final int RETRIES = 3;

	private record EntityModelKey(Class<?> entityClass) {
	}

	private record CollectionModelKey(Class<?> owner, String attribute) {
	}

	private final ConflictCall call;
	private final TableModel model;

	private ConflictExecution(ConflictCall call) {
		this.call = call;
		this.model = call.model;
	}

	static ConflictExecution forEntity(EntityManager em, Class<?> entityClass, ConflictTarget target,
			ConflictAction action, List<String> updating, Map<String, ConflictExpression> sets,
			ConflictCondition where) {
		if ( action == null ) {
			throw new IllegalStateException( "Choose doUpdate() or doNothing() first" );
		}
		SessionImplementor session = session( em );
		PgExtraRuntime runtime = PgExtraRuntime.of( session.getFactory() );
		return markingRollback( session, () -> {
			TableModel model = runtime.cached( new EntityModelKey( entityClass ),
					key -> TableModel.forEntity( session.getFactory(), entityClass ) );
			return new ConflictExecution( new ConflictCall( session, model, target, action, updating, sets, where ) );
		} );
	}

	/**
	 * An entity or table an upsert rejects (@SoftDelete, custom SQL, several tables...) fails the call as any other
	 * failure does: all or nothing, the transaction is marked for rollback.
	 */
	private static ConflictExecution markingRollback(SessionImplementor session,
			java.util.function.Supplier<ConflictExecution> create) {
		try {
			return create.get();
		}
		catch (RuntimeException e) {
			if ( session.isTransactionInProgress() ) {
				session.markForRollbackOnly();
			}
			throw e;
		}
	}

	static ConflictExecution forCollection(EntityManager em, Class<?> owner, String attribute, ConflictTarget target,
			ConflictAction action) {
		SessionImplementor session = session( em );
		PgExtraRuntime runtime = PgExtraRuntime.of( session.getFactory() );
		return markingRollback( session, () -> {
			TableModel model = runtime.cached( new CollectionModelKey( owner, attribute ),
					key -> TableModel.forCollection( session.getFactory(), owner, attribute ) );
			return new ConflictExecution( new ConflictCall( session, model, target, action, null, Map.of(), null ) );
		} );
	}

	private static SessionImplementor session(EntityManager em) {
		Objects.requireNonNull( em, "entityManager" );
		return em.unwrap( SessionImplementor.class );
	}

	/** @return the identifier's attribute name, {@code null} for an {@code @IdClass} (its parts are attributes) */
	String idAttributeName() {
		return model.attributes.containsKey( model.id.name ) ? model.id.name : null;
	}

	List<RowResult> executeMaps(List<? extends Map<String, ?>> rows, Mode mode) {
		requireTransaction();
		if ( rows.isEmpty() ) {
			return List.of();
		}
		try {
			return execute( new RowInput( call ).fromMaps( rows ), null, mode );
		}
		catch (RuntimeException | Error e) {
			markForRollback( e );
			throw e;
		}
	}

	List<RowResult> executeEntities(List<?> entities, Mode mode) {
		requireTransaction();
		if ( entities.isEmpty() ) {
			return List.of();
		}
		try {
			return execute( new RowInput( call ).fromEntities( entities ), entities, mode );
		}
		catch (RuntimeException | Error e) {
			markForRollback( e );
			throw e;
		}
	}

	/**
	 * All or nothing: whatever failed (a value, a constraint, a retry, a receiver), earlier statements of the call may
	 * have written rows, so the transaction is marked for rollback and a commit keeps none of them.
	 */
	private void markForRollback(Throwable e) {
		try {
			if ( call.session.isTransactionInProgress() ) {
				call.session.markForRollbackOnly();
			}
		}
		catch (RuntimeException markFailure) {
			e.addSuppressed( markFailure );
		}
	}

	private void requireTransaction() {
		if ( !call.session.isTransactionInProgress() ) {
			throw new TransactionRequiredException( "INSERT ... ON CONFLICT into " + model.table
					+ " needs an active transaction, as executeUpdate() does; begin one first" );
		}
	}

	/**
	 * The stages of one call, built once its plan is known; {@code copy}: the chunks of the key-sorted batch go
	 * through COPY ({@link CopyInput}), else {@code null}.
	 */
	private record Stages(ConflictPlan plan, RowBinder binder, StatementRenderer renderer, StatementRunner runner,
			ResultReader reader, int valuesMaxRows, Object[] keys, CopyInput copy) {
		Stages copying(CopyInput input) {
			return new Stages( plan, binder, renderer, runner, reader, valuesMaxRows, keys, input );
		}
	}

	private List<RowResult> execute(List<Map<String, Object>> given, List<?> owners, Mode requested) {
		ConflictPlan plan = new ConflictPlan( call, given.get( 0 ).keySet() );
		if ( call.catalog.partitioning != null ) {
			call.catalog.partitioning.check( call, plan );
		}
		Mode mode = requested;
		boolean basicId = model.isEntity() && model.persister.getIdentifierMapping() instanceof BasicValuedModelPart;
		if ( mode == Mode.IDS && model.isEntity() && !basicId ) {
			// a composite identifier is assembled by Hibernate from the entity
			mode = Mode.ENTITIES;
		}
		// an entity with columns that are not in its table (@Formula, a union's clazz_) is loaded afterwards
		boolean loadAfter = mode == Mode.ENTITIES && !model.hydratable && basicId;
		if ( loadAfter ) {
			mode = Mode.IDS;
		}
		UpdateClause update = call.action == ConflictAction.UPDATE ? new UpdateClause( call, plan ) : null;

		int n = given.size();
		Object[][] rows = new Object[n][];
		boolean[] keyless = new boolean[n];
		// one object per row: the key's value, or its parts (ConflictPlan.keyObject)
		Object[] keys = new Object[n];
		// every row converted and checked before the first statement: a bad value in the last row writes nothing
		ValueConverter converter = new ValueConverter( call, plan );
		plan.prefetchIds( n );
		for ( int i = 0; i < n; i++ ) {
			rows[i] = plan.materialize( given.get( i ), owners == null ? null : owners.get( i ), i );
			converter.convert( rows[i], i );
			Object key = plan.keyObject( rows[i] );
			keyless[i] = key == null;
			keys[i] = key;
		}

		ResultReader reader = new ResultReader( call );
		Set<Object> managedBefore = mode == Mode.ENTITIES ? reader.managedInstances() : Set.of();
		RowResult[] results = new RowResult[n];
		int parametersPerRow = Math.max( 1, plan.boundColumns.size() );
		int valuesMaxRows = Math.max( 1, Math.min( MAX_ROWS_PER_STATEMENT,
				( MAX_PARAMETERS - ( update == null ? 0 : update.constantCount ) ) / parametersPerRow ) );
		RowBinder binder = new RowBinder( call, plan );
		Stages stages = new Stages( plan, binder, new StatementRenderer( call, plan, update ),
				new StatementRunner( call, plan ), reader, valuesMaxRows, keys, null );
		int maxRows = binder.arrayTypes() ? MAX_ROWS_PER_ARRAY_STATEMENT : valuesMaxRows;

		List<Integer> batch = new ArrayList<>( n );
		List<Integer> alone = new ArrayList<>();
		List<Integer> keylessById = new ArrayList<>();
		for ( int i = 0; i < n; i++ ) {
			if ( n > 1 && keyless[i] ) {
				// a NULL in the key: never conflicts, cannot be matched by key; by identifier when rows give it
				( plan.idKey != null ? keylessById : alone ).add( i );
			}
			else {
				batch.add( i );
			}
		}
		boolean[] laterDuplicate = new boolean[n];
		if ( batch.size() > 1 ) {
			// every call locks conflicting rows in one order of the keys, within and across chunks: no deadlock
			// between calls (KeyOrder). Stable: of two rows with one key, the earlier one still goes first.
			batch = KeySort.sort( keys, batch );
			markDuplicates( plan, rows, keys, batch, KeyOrder.byPosition( keys, batch ), laterDuplicate );
		}
		// a large batch goes through COPY, in chunks of equal size (none much smaller than the others)
		CopyInput copy = CopyInput.of( call, plan, batch.size() );
		Stages batchStages = copy == null ? stages : stages.copying( copy );
		int batchRows = copy == null ? maxRows : CopyInput.chunkRows( batch.size() );
		for ( int from = 0; from < batch.size(); from += batchRows ) {
			run( batchStages, mode, rows, batch.subList( from, Math.min( batch.size(), from + batchRows ) ), results,
					false );
		}
		for ( int from = 0; from < keylessById.size(); from += maxRows ) {
			// a row the statement did not return as inserted (a NULLS NOT DISTINCT index) is retried alone below
			run( stages, mode, rows, keylessById.subList( from, Math.min( keylessById.size(), from + maxRows ) ),
					results, true );
		}
		for ( int attempt = 0; ; attempt++ ) {
			boolean[] queued = new boolean[n];
			for ( Integer i : alone ) {
				queued[i] = true;
			}
			for ( int i = 0; i < n; i++ ) {
				if ( results[i] == null && !queued[i] ) {
					alone.add( i );
				}
			}
			if ( alone.isEmpty() ) {
				break;
			}
			if ( attempt == 0 && call.target.indexPredicate() != null ) {
				requireConflictsInsideThePredicate( stages, rows, alone, keyless );
			}
			if ( attempt == RETRIES ) {
				throw new PersistenceException( "Row " + alone.get( 0 ) + " of the insert into " + call.describe()
						+ " conflicted with a row it could not read back " + RETRIES + " times (a concurrent transaction"
						+ " keeps deleting or changing it, or a trigger or rule changes the proposed conflict key "
						+ stages.plan.key + " = " + stages.plan.keyOf( rows[alone.get( 0 )] ) + "); retry the transaction,"
						+ " or give the key as it is stored" );
			}
			List<Integer> retry = new ArrayList<>( alone );
			alone.clear();
			for ( Integer i : retry ) {
				run( stages, mode, rows, List.of( i ), results, false );
			}
		}
		return reader.finish( results, laterDuplicate, mode, requested, loadAfter, managedBefore );
	}

	/**
	 * Finds the rows whose key an earlier row of the call already proposes: under DO UPDATE the call fails (PostgreSQL
	 * cannot update one row twice in one statement, and across statements the later row would silently win), naming
	 * the first such pair in input order; under DO NOTHING the later rows are left alone. In the sorted batch, rows
	 * of one key are neighbours, the earliest first (the sort is stable); equal keys are those {@code equals} calls
	 * equal among the neighbours the order puts together (a BigDecimal 1.0 and 1.00 sort together but are two keys
	 * to Java, as they were to the hash this replaces). Why not a hash of every key: for a million rows, a million
	 * map entries (40 MB) only to find what the sort already puts side by side.
	 */
	private void markDuplicates(ConflictPlan plan, Object[][] rows, Object[] keys, List<Integer> sorted,
			Comparator<Integer> order, boolean[] laterDuplicate) {
		int firstOfPair = -1;
		int laterOfPair = -1;
		for ( int from = 0; from < sorted.size(); ) {
			int to = from + 1;
			while ( to < sorted.size() && order.compare( sorted.get( from ), sorted.get( to ) ) == 0 ) {
				to++;
			}
			for ( int j = from + 1; j < to; j++ ) {
				Integer later = sorted.get( j );
				for ( int k = from; k < j; k++ ) {
					Integer earlier = sorted.get( k );
					if ( !laterDuplicate[earlier] && keys[earlier].equals( keys[later] ) ) {
						laterDuplicate[later] = true;
						if ( laterOfPair < 0 || later < laterOfPair ) {
							firstOfPair = earlier;
							laterOfPair = later;
						}
						break;
					}
				}
			}
			from = to;
		}
		if ( laterOfPair >= 0 && call.action == ConflictAction.UPDATE ) {
			throw new DuplicateConflictKeyException( "Rows " + firstOfPair + " and " + laterOfPair
					+ " of the bulk upsert into " + call.describe() + " propose the same conflict key "
					+ plan.key + " = " + plan.keyOf( rows[laterOfPair] ) + "; PostgreSQL cannot update one row twice in one"
					+ " statement. Remove or merge the duplicates before the call (for example keep the last row per key)",
					null );
		}
	}

	/**
	 * A row left unmatched under a target with a predicate: if a row with its key exists outside the predicate,
	 * PostgreSQL inferred an index other than the partial one the predicate describes (a plain unique index satisfies
	 * any predicate), and the row conflicted with a row the look-up, which honours the predicate, cannot return.
	 * Retrying cannot help: fail with that cause.
	 */
	private void requireConflictsInsideThePredicate(Stages stages, Object[][] rows, List<Integer> unmatched,
			boolean[] keyless) {
		for ( Integer i : unmatched ) {
			if ( !keyless[i] && stages.runner.exists( stages.renderer.keyOutsidePredicate( rows[i] ) ) ) {
				throw new io.pgextra.hibernate.ConflictTargetException( "Row " + i + " of the insert into "
						+ call.describe() + " conflicted on " + stages.plan.key + " with a row that does not satisfy"
						+ " the target's predicate (" + call.target.indexPredicate() + "): PostgreSQL inferred a unique"
						+ " index other than the partial index that predicate describes (any index whose predicate the"
						+ " target's implies can be inferred, a plain unique index always); "
						+ call.catalog.describeUniqueIndexes() + ". Hint: leave out where(...) to target the plain"
						+ " unique index, or give a target (columns and predicate) that only the partial index matches,"
						+ " e.g. ConflictTarget.constraint(...)", null );
			}
		}
	}

	/** Runs one statement for the given rows; rows it cannot account for stay {@code null} in {@code results}. */
	private void run(Stages stages, Mode mode, Object[][] rows, List<Integer> chunk, RowResult[] results,
			boolean byId) {
		BoundRows copied = stages.copy == null || chunk.size() == 1 ? null : stages.copy.load( rows, chunk );
		if ( copied != null ) {
			runCopied( stages, mode, rows, chunk, copied, results, byId );
			return;
		}
		if ( stages.copy != null && chunk.size() > MAX_ROWS_PER_ARRAY_STATEMENT ) {
			// a value COPY cannot encode exactly: this chunk goes as unnest would have sent it
			for ( int from = 0; from < chunk.size(); from += MAX_ROWS_PER_ARRAY_STATEMENT ) {
				run( stages.copying( null ), mode, rows,
						chunk.subList( from, Math.min( chunk.size(), from + MAX_ROWS_PER_ARRAY_STATEMENT ) ), results,
						byId );
			}
			return;
		}
		BoundRows bound = chunk.size() == 1 ? null : stages.binder.arrays( rows, chunk );
		if ( bound == null && chunk.size() > stages.valuesMaxRows ) {
			// a value that does not fit its column's array (see RowBinder.arrays): one parameter per value, in smaller
			// chunks
			for ( int from = 0; from < chunk.size(); from += stages.valuesMaxRows ) {
				run( stages, mode, rows, chunk.subList( from, Math.min( chunk.size(), from + stages.valuesMaxRows ) ),
						results, byId );
			}
			return;
		}
		if ( bound == null ) {
			bound = stages.binder.values( rows, chunk );
		}
		runStatement( stages, mode, rows, chunk, bound, results, byId );
	}

	/**
	 * Runs the statement of a chunk {@link CopyInput} copied, then drops its temporary table. Not after a failure
	 * in the database: the transaction is aborted then, and its rollback drops the table (ON COMMIT DROP, created in
	 * it). After any other failure (the rows read back, a receiver) it is dropped, so that a later call in the
	 * transaction, which is marked for rollback anyway, fails with the first error rather than a name clash.
	 */
	private void runCopied(Stages stages, Mode mode, Object[][] rows, List<Integer> chunk, BoundRows bound,
			RowResult[] results, boolean byId) {
		try {
			runStatement( stages, mode, rows, chunk, bound, results, byId );
		}
		catch (RuntimeException | Error e) {
			if ( StatementRunner.sqlState( e ) == null ) {
				try {
					bound.copy().drop();
				}
				catch (RuntimeException dropFailure) {
					e.addSuppressed( dropFailure );
				}
			}
			throw e;
		}
		bound.copy().drop();
	}

	private void runStatement(Stages stages, Mode mode, Object[][] rows, List<Integer> chunk, BoundRows bound,
			RowResult[] results, boolean byId) {
		StatementRenderer.Statement statement = stages.renderer.render( bound, mode, byId );
		List<?> resultRows = stages.runner.run( statement, mode );
		List<RowResult> written = stages.reader.read( resultRows, statement, rows, byId ? null : stages.keys, chunk,
				mode, results );
		if ( !written.isEmpty() ) {
			settleUnmatched( stages, rows, chunk, results, written );
		}
		if ( call.catalog.partitioning != null && call.catalog.partitioning.resolvesAfterwards() ) {
			Partitioning.resolve( call, stages.plan, stages.renderer, bound, chunk, results );
		}
	}

	/**
	 * The statement wrote rows whose key no input row proposed: a trigger or a rule changed the key. Retrying the
	 * input rows left unmatched would write them a second time (and report UPDATED for a row just inserted). One
	 * written row and one unmatched input row can only belong together; anything else cannot be told apart, and the
	 * call fails, marked for rollback, so that nothing it wrote stays.
	 */
	private void settleUnmatched(Stages stages, Object[][] rows, List<Integer> chunk, RowResult[] results,
			List<RowResult> written) {
		List<Integer> unmatched = new ArrayList<>();
		for ( Integer i : chunk ) {
			if ( results[i] == null ) {
				unmatched.add( i );
			}
		}
		if ( written.size() == 1 && unmatched.size() == 1 ) {
			results[unmatched.get( 0 )] = written.get( 0 );
			return;
		}
		throw new PersistenceException( "The insert into " + call.describe() + " wrote " + written.size() + " row(s)"
				+ " whose conflict key " + stages.plan.key + " differs from every proposed one, and cannot tell which"
				+ " of rows " + unmatched + " they belong to (first: row " + ( unmatched.isEmpty() ? "?" : unmatched.get( 0 ) )
				+ ", key " + ( unmatched.isEmpty() ? "?" : stages.plan.keyOf( rows[unmatched.get( 0 )] ) ) + "): a"
				+ " trigger or rule changes the key on insert. Nothing of this call was kept (the transaction is marked"
				+ " for rollback). Hint: give keys as the trigger stores them (e.g. already lower-cased), or insert"
				+ " such rows one per call" );
	}
}
