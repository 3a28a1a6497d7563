package io.pgextra.hibernate.internal.conflict;

import java.util.Objects;

import io.pgextra.hibernate.CollectionTableInsertStep;
import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.InsertStep;
import io.pgextra.hibernate.OnConflictStep;

import jakarta.persistence.EntityManager;

/**
 * Creates the {@code ON CONFLICT} steps; the only door into this package from the API.
 */
public final class ConflictInserts {

	private ConflictInserts() {
	}

	public static <T> InsertStep<T> create(EntityManager em, Class<T> entityClass, ConflictTarget target,
			ConflictAction action) {
		Objects.requireNonNull( action, "action" );
		ConflictInsertImpl<T> step = new ConflictInsertImpl<>( em, entityClass, target );
		return action == ConflictAction.UPDATE ? step.onConflictDoUpdate() : step.onConflictDoNothing();
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
