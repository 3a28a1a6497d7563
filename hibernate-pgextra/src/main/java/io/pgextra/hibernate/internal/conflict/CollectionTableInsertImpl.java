package io.pgextra.hibernate.internal.conflict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.CollectionTableInsertStep;
import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.RowOutcome;

import jakarta.persistence.EntityManager;

/** {@link CollectionTableInsertStep}: the same statement as for entities, over a collection table's columns. */
final class CollectionTableInsertImpl implements CollectionTableInsertStep {

	private final EntityManager em;
	private final Class<?> ownerClass;
	private final String attribute;
	private final ConflictTarget target;
	private final ConflictAction action;

	CollectionTableInsertImpl(EntityManager em, Class<?> ownerClass, String attribute, ConflictTarget target,
			ConflictAction action) {
		this.em = em;
		this.ownerClass = ownerClass;
		this.attribute = attribute;
		this.target = target;
		this.action = action;
	}

	@Override
	public RowOutcome insert(Map<String, ?> columns) {
		return bulkInsert( List.of( columns ) ).get( 0 );
	}

	@Override
	public List<RowOutcome> bulkInsert(List<? extends Map<String, ?>> rows) {
		ConflictExecution execution = ConflictExecution.forCollection( em, ownerClass, attribute, target, action );
		List<ConflictExecution.RowResult> results = execution.executeMaps( rows, ConflictExecution.Mode.OUTCOMES );
		List<RowOutcome> outcomes = new ArrayList<>( results.size() );
		for ( ConflictExecution.RowResult result : results ) {
			outcomes.add( result.outcome() );
		}
		return outcomes;
	}
}
