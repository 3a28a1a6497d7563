package io.pgextra.hibernate.internal.conflict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.internal.conflict.ConflictExecution.Mode;
import io.pgextra.hibernate.internal.conflict.ConflictExecution.RowResult;
import io.pgextra.hibernate.internal.conflict.StatementRenderer.Statement;

import org.hibernate.action.internal.BulkOperationCleanupAction;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.SessionImplementor;

/**
 * The read-back stage: matches a statement's result rows to the input rows, and, once every row is accounted for,
 * settles outcomes, refreshes stale managed instances, evicts the second-level cache, loads entities the statement
 * could not hydrate and tells the listener which rows were written.
 */
final class ResultReader {

	private final ConflictCall call;
	private final TableModel model;
	private final SessionImplementor session;

	ResultReader(ConflictCall call) {
		this.call = call;
		this.model = call.model;
		this.session = call.session;
	}

	/**
	 * Puts each result row into {@code results} at its input position; rows not returned stay {@code null}. A row
	 * with a {@code NULL} position is matched by its key when the statement returned keys to match in Java
	 * ({@link Statement#matchKey}): to every input row of the chunk that proposed it (rows of one key under DO
	 * NOTHING all get the row written for the first).
	 *
	 * @return the rows the statement wrote that match no input row (their key is not the proposed one: a trigger or
	 * a rule changed it)
	 */
	List<RowResult> read(List<?> resultRows, Statement statement, Object[][] rows, Object[] keys, List<Integer> chunk,
			Mode mode, RowResult[] results) {
		List<RowResult> unmatched = List.of();
		int[] matchColumns = statement.matchColumns();
		Map<Object, Object> positions = matchColumns == null ? null : positionsByKey( rows, keys, chunk, matchColumns );
		for ( Object resultRow : resultRows ) {
			Object[] columns = (Object[]) resultRow;
			Number ord = (Number) columns[columns.length - 1];
			Boolean inserted = (Boolean) columns[columns.length - 2];
			RowOutcome outcome = inserted == null ? RowOutcome.UNCHANGED
					: inserted ? RowOutcome.INSERTED : RowOutcome.UPDATED;
			RowResult result = switch ( mode ) {
				case ENTITIES -> new RowResult( null, outcome, columns[0] );
				case IDS -> new RowResult( columns[0], outcome, null );
				case OUTCOMES -> new RowResult( null, outcome, null );
			};
			Object position = ord != null ? (Object) chunk.get( ord.intValue() - 1 )
					: positions == null ? null : positions.get( keyOf( columns, columns.length - 2 - matchColumns.length,
							matchColumns.length ) );
			if ( position == null ) {
				if ( unmatched.isEmpty() ) {
					unmatched = new ArrayList<>();
				}
				unmatched.add( result );
			}
			else if ( position instanceof Integer index ) {
				results[index] = result;
			}
			else {
				for ( Integer index : (int[]) position ) {
					results[index] = result;
				}
			}
		}
		return unmatched;
	}

	/**
	 * Input position (an Integer, or an int[] for rows sharing a key) of each key of the chunk.
	 *
	 * @param keys the rows' conflict keys ({@link ConflictPlan#keyObject}) when the statement matches by conflict key
	 * (they are the values of {@code matchColumns}, plain columns of exactly compared types), else {@code null}
	 */
	private static Map<Object, Object> positionsByKey(Object[][] rows, Object[] keys, List<Integer> chunk,
			int[] matchColumns) {
		Map<Object, Object> positions = new HashMap<>( (int) ( chunk.size() / 0.75f ) + 1 );
		Object[] key = new Object[matchColumns.length];
		for ( Integer index : chunk ) {
			Object k;
			if ( keys != null ) {
				k = keys[index];
			}
			else {
				Object[] row = rows[index];
				for ( int i = 0; i < matchColumns.length; i++ ) {
					key[i] = row[matchColumns[i]];
				}
				k = keyOf( key, 0, key.length );
			}
			Object previous = positions.putIfAbsent( k, index );
			if ( previous != null ) {
				int[] before = previous instanceof Integer p ? new int[] { p } : (int[]) previous;
				int[] now = Arrays.copyOf( before, before.length + 1 );
				now[before.length] = index;
				positions.put( k, now );
			}
		}
		return positions;
	}

	private static Object keyOf(Object[] values, int from, int length) {
		return length == 1 ? values[from] : Arrays.asList( Arrays.copyOfRange( values, from, from + length ) );
	}

	/** Managed instances of this entity type, to refresh those the statement returns stale. */
	Set<Object> managedInstances() {
		PersistenceContext context = session.getPersistenceContextInternal();
		if ( context.getNumberOfManagedEntities() == 0 ) {
			return Set.of();
		}
		Set<Object> managed = Collections.newSetFromMap( new IdentityHashMap<>() );
		String root = model.persister.getRootEntityName();
		for ( Map.Entry<Object, EntityEntry> entry : context.reentrantSafeEntityEntries() ) {
			if ( entry.getValue().getPersister().getRootEntityName().equals( root ) ) {
				managed.add( entry.getKey() );
			}
		}
		return managed;
	}

	/**
	 * @param laterDuplicate rows whose key an earlier row of the call already gave (DO NOTHING): left alone
	 * @param mode what the statements returned
	 * @param requested what the caller asked for
	 * @param loadAfter whether the statements returned ids of entities to load now
	 * @return the results, in input order
	 */
	List<RowResult> finish(RowResult[] results, boolean[] laterDuplicate, Mode mode, Mode requested,
			boolean loadAfter, Set<Object> managedBefore) {
		int n = results.length;
		for ( int i = 0; i < n; i++ ) {
			if ( laterDuplicate[i] && results[i].outcome() != RowOutcome.UNCHANGED ) {
				results[i] = new RowResult( results[i].id(), RowOutcome.UNCHANGED, results[i].entity() );
			}
		}
		if ( model.isEntity() && model.persister.canWriteToCache() ) {
			boolean updated = false;
			for ( RowResult result : results ) {
				updated |= result.outcome() == RowOutcome.UPDATED;
			}
			if ( updated ) {
				// the statement bypassed the entity cache: evict it, as Hibernate does for native updates
				session.asEventSource().getActionQueue().addAction( new BulkOperationCleanupAction( session, model.persister ) );
			}
		}
		refreshStale( results, mode, managedBefore );
		if ( loadAfter ) {
			for ( int i = 0; i < n; i++ ) {
				RowResult r = results[i];
				Object entity = LoadByKeyFilters.suspended( session, () -> session.find( model.persister.getMappedClass(), r.id() ) );
				results[i] = new RowResult( r.id(), r.outcome(), entity );
			}
			mode = Mode.ENTITIES;
		}
		if ( mode == Mode.ENTITIES ) {
			for ( int i = 0; i < n; i++ ) {
				RowResult r = results[i];
				results[i] = new RowResult( model.persister.getIdentifier( r.entity(), session ), r.outcome(),
						requested == Mode.ENTITIES ? r.entity() : null );
			}
		}
		markLaterRowsOfTheSameRowUnchanged( results );
		if ( model.isEntity() ) {
			// views of the results, which no longer change: three copies would be three lists of a million for a
			// million-row call, mostly for a listener that has no receiver to tell
			List<RowResult> all = Arrays.asList( results );
			call.runtime.conflictInsertListener().rowsWritten( session, model.persister,
					new ResultView<>( all, RowResult::id ), new ResultView<>( all, RowResult::outcome ),
					new ResultView<>( all, RowResult::entity ) );
		}
		return Arrays.asList( results );
	}

	/** One part of each result, read from the results when asked. */
	private static final class ResultView<T> extends java.util.AbstractList<T> implements java.util.RandomAccess {
		private final List<RowResult> results;
		private final java.util.function.Function<RowResult, T> part;

		ResultView(List<RowResult> results, java.util.function.Function<RowResult, T> part) {
			this.results = results;
			this.part = part;
		}

		@Override
		public T get(int index) {
			return part.apply( results.get( index ) );
		}

		@Override
		public int size() {
			return results.size();
		}
	}

	/**
	 * Keys the database takes as equal but Java does not (1.0 and 1.00, citext) slip past the duplicate check: under
	 * NOTHING both rows come back with the first one's row. The database's identifier decides: a later row that
	 * shares it was not inserted.
	 */
	private void markLaterRowsOfTheSameRowUnchanged(RowResult[] results) {
		if ( !model.isEntity() || call.action != ConflictAction.NOTHING ) {
			return;
		}
		Set<Object> seen = new HashSet<>();
		for ( int i = 0; i < results.length; i++ ) {
			RowResult r = results[i];
			if ( r.id() != null && !seen.add( r.id() ) && r.outcome() == RowOutcome.INSERTED ) {
				results[i] = new RowResult( r.id(), RowOutcome.UNCHANGED, r.entity() );
			}
		}
	}

	private void refreshStale(RowResult[] results, Mode mode, Set<Object> managedBefore) {
		if ( !model.isEntity() ) {
			return;
		}
		Set<Object> refreshed = Collections.newSetFromMap( new IdentityHashMap<>() );
		PersistenceContext context = session.getPersistenceContextInternal();
		for ( RowResult result : results ) {
			Object stale = null;
			if ( mode == Mode.ENTITIES ) {
				if ( managedBefore.contains( result.entity() ) ) {
					stale = result.entity();
				}
			}
			else if ( result.outcome() == RowOutcome.UPDATED && context.getNumberOfManagedEntities() > 0 ) {
				stale = context.getEntity( session.generateEntityKey( result.id(), model.persister ) );
			}
			if ( stale != null && refreshed.add( stale ) ) {
				Object entity = stale;
				LoadByKeyFilters.suspended( session, () -> {
					session.refresh( entity );
					return null;
				} );
			}
		}
	}
}
