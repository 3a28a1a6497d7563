package io.pgextra.hibernate.internal.signals;

import io.pgextra.hibernate.internal.PgExtraRuntime;
import io.pgextra.hibernate.internal.compat.HibernateCompat;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;

/**
 * Registers the entity listeners that send signals with every {@code SessionFactory}, found through
 * {@code META-INF/services/org.hibernate.integrator.spi.Integrator} as Envers' integrator is: nothing to
 * configure. The listeners are appended, so they run after the application's own listeners.
 *
 * @since 0.1.0
 */
public final class SignalsIntegrator implements Integrator {

	@Override
	public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
		HibernateCompat.get(); // fails on an unsupported Hibernate, in one sentence
		PgExtraRuntime runtime = PgExtraRuntime.of( sessionFactory );
		EntitySignalListener listener = new EntitySignalListener( runtime.signalRegistry() );
		var listeners = sessionFactory.getEventListenerRegistry();
		listeners.appendListeners( EventType.POST_INSERT, listener );
		listeners.appendListeners( EventType.POST_UPDATE, listener );
		listeners.appendListeners( EventType.PRE_DELETE, listener );
		runtime.signalsIntegrated();
	}
}
