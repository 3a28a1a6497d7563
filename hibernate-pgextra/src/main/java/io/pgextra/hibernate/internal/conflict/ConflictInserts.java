package io.pgextra.hibernate.internal.conflict;

import java.util.Objects;

import io.pgextra.hibernate.CollectionTableInsertStep;
import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.DoUpdateStep;
import io.pgextra.hibernate.OnConflictStep;

import jakarta.persistence.EntityManager;

/**
 * Creates the {@code ON CONFLICT} steps; the only door into this package from the API.
 */
public final class ConflictInserts {

	private ConflictInserts() {
	}

	/** The refinements are kept under NOTHING too (and have no effect there): run-time actions need no branch. */
	public static <T> DoUpdateStep<T> create(EntityManager em, Class<T> entityClass, ConflictTarget target,
			ConflictAction action) {
		Objects.requireNonNull( action, "action" );
		return new ConflictInsertImpl<>( em, entityClass, target ).withAction( action );
	}

	public static <T> OnConflictStep<T> onConflict(EntityManager em, Class<T> entityClass, ConflictTarget target) {
		return new ConflictInsertImpl<>( em, entityClass, target );
	}

	public static CollectionTableInsertStep collectionTable(EntityManager em, Class<?> ownerClass, String attribute,
			ConflictTarget target, ConflictAction action) {
		Objects.requireNonNull( ownerClass, "ownerClass" );
		Objects.requireNonNull( attribute, "collectionAttribute" );
		Objects.requireNonNull( target, "target" );
		Objects.requireNonNull( action, "action" );
		return new CollectionTableInsertImpl( em, ownerClass, attribute, target, action );
	}
}
