package io.pgextra.hibernate.internal.signals;

import io.pgextra.hibernate.internal.PgExtraRuntime;
import io.pgextra.hibernate.internal.compat.HibernateCompat;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

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
		// ALL_INSTANCES delivery (LISTEN/NOTIFY): nothing runs until such a receiver connects or a setting names
		// entities to announce
		runtime.signalRegistry().notifyWith( new NotifySignals( sessionFactory, runtime.signalRegistry() ) );
		runtime.signalsIntegrated();
	}

	@Override
	public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
		// the factory is closing: stop the listening thread and give its connection back while the pool is open
		NotifySignals notify = PgExtraRuntime.of( sessionFactory ).signalRegistry().notifySignals();
		if ( notify != null ) {
			notify.close();
		}
	}
}
