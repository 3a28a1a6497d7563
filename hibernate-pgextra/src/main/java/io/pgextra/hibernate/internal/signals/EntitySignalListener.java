package io.pgextra.hibernate.internal.signals;

import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.signals.Signal;

import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.event.spi.PreDeleteEvent;
import org.hibernate.event.spi.PreDeleteEventListener;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Sends the signals of entity operations: Hibernate calls it right after an entity's {@code INSERT} and
 * {@code UPDATE} and right before its {@code DELETE}, as it executes them (at flush, or at once for an
 * {@code IDENTITY} insert); with JDBC batching, once the statement is added to the batch, which the registry then
 * executes for immediate receivers. Costs a map lookup per row when no receiver is connected for the entity.
 */
final class EntitySignalListener implements PostInsertEventListener, PostUpdateEventListener, PreDeleteEventListener {

	private final SignalRegistry registry;

	EntitySignalListener(SignalRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onPostInsert(PostInsertEvent event) {
		registry.send( HibernateCompat.get().session( event ), Signal.CREATE, event.getPersister(), event.getId(), event.getEntity() );
	}

	@Override
	public void onPostUpdate(PostUpdateEvent event) {
		registry.send( HibernateCompat.get().session( event ), Signal.UPDATE, event.getPersister(), event.getId(), event.getEntity() );
	}

	@Override
	public boolean onPreDelete(PreDeleteEvent event) {
		registry.send( HibernateCompat.get().session( event ), Signal.DELETE, event.getPersister(), event.getId(), event.getEntity() );
		return false; // never veto: a receiver that must stop the delete throws
	}

	@Override
	public boolean requiresPostCommitHandling(EntityPersister persister) {
		// after-commit delivery is queued by the registry, for entity and bulk signals alike
		return false;
	}
}
