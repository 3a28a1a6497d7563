package io.pgextra.hibernate.internal;

import java.util.List;

import io.pgextra.hibernate.RowOutcome;

import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Told about the rows one {@code INSERT ... ON CONFLICT} call wrote, in input order, after the statements ran.
 * Signals hook in here; with nobody listening it costs nothing, since the statement returns identifiers anyway.
 */
public interface ConflictInsertListener {

	ConflictInsertListener NONE = (session, persister, ids, outcomes, entities) -> {
	};

	/**
	 * @param session the session that ran the statements
	 * @param persister the entity written
	 * @param ids the identifier of each row, in input order
	 * @param outcomes what happened to each row
	 * @param entities the managed entity of each row where one was returned, else {@code null} elements
	 */
	void rowsWritten(SessionImplementor session, EntityPersister persister, List<Object> ids, List<RowOutcome> outcomes,
			List<Object> entities);
}
