package io.pgextra.hibernate.spring.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.pgextra.hibernate.signals.SignalConnection;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.spring.SignalReceiver;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds {@link SignalReceiver} methods on the beans as they are initialised, connects them when the context starts
 * and disconnects them when it stops. A bean initialised later (lazy) is connected right away if the context runs.
 * Only the entities named by some method get a receiver: the others cost nothing.
 */
public final class SignalReceiverRegistrar implements BeanPostProcessor, SmartLifecycle, BeanFactoryAware {

	/** A bean method to connect. */
	private record Target(Object bean, String beanName, Method method, SignalReceiver annotation, boolean takesEvent) {
	}

	private final Set<Class<?>> withoutReceivers = ConcurrentHashMap.newKeySet();
	private final List<Target> targets = new ArrayList<>();
	private final List<SignalConnection> connections = new ArrayList<>();
	private JpaBeans jpa;
	private boolean running;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if ( !( beanFactory instanceof ListableBeanFactory listable ) ) {
			throw new IllegalStateException( "@SignalReceiver needs a ListableBeanFactory, got " + beanFactory );
		}
		this.jpa = new JpaBeans( listable );
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> type = AopUtils.getTargetClass( bean );
		if ( withoutReceivers.contains( type ) ) {
			return bean;
		}
		Map<Method, SignalReceiver> methods = MethodIntrospector.selectMethods( type,
				(MethodIntrospector.MetadataLookup<SignalReceiver>) m -> AnnotatedElementUtils.findMergedAnnotation( m,
						SignalReceiver.class ) );
		if ( methods.isEmpty() ) {
			withoutReceivers.add( type );
			return bean;
		}
		List<Target> found = new ArrayList<>();
		methods.forEach( (method, annotation) -> found.add( new Target( bean, beanName,
				AopUtils.selectInvocableMethod( method, bean.getClass() ), annotation,
				takesEvent( beanName, method, annotation ) ) ) );
		synchronized ( this ) {
			targets.addAll( found );
			if ( running ) {
				found.forEach( this::connect );
			}
		}
		return bean;
	}

	/** @return whether the method takes the event (else the entity); fails at startup on any other signature */
	private static boolean takesEvent(String beanName, Method method, SignalReceiver annotation) {
		Class<?>[] parameters = method.getParameterTypes();
		if ( parameters.length == 1 ) {
			if ( parameters[0] == SignalEvent.class ) {
				return true;
			}
			if ( parameters[0].isAssignableFrom( annotation.entity() ) ) {
				return false;
			}
		}
		throw new IllegalStateException( "@SignalReceiver method " + method.getDeclaringClass().getName() + "."
				+ method.getName() + " of bean '" + beanName + "' takes " + List.of( parameters )
				+ "; it must take one parameter: SignalEvent<" + annotation.entity().getSimpleName() + "> or "
				+ annotation.entity().getSimpleName() );
	}

	private void connect(Target target) {
		SignalReceiver annotation = target.annotation();
		EntityManagerFactory factory = jpa.factoryOf( annotation.entity() );
		Signals signals = Signals.of( factory );
		// resolved now, so that a missing transaction manager fails the startup, not the first commit
		MethodReceiver receiver = new MethodReceiver( target.bean(), target.method(), target.takesEvent(),
				annotation.delivery(), jpa.requiresNew( factory ) );
		for ( Signal signal : annotation.signal() ) {
			@SuppressWarnings("unchecked")
			Class<Object> entity = (Class<Object>) annotation.entity();
			connections.add( signals.connect( signal, entity, annotation.delivery(), receiver ) );
		}
	}

	@Override
	public synchronized void start() {
		if ( running ) {
			return;
		}
		try {
			targets.forEach( this::connect );
		}
		catch (RuntimeException e) {
			disconnectAll();
			throw e;
		}
		running = true;
	}

	@Override
	public synchronized void stop() {
		disconnectAll();
		running = false;
	}

	private void disconnectAll() {
		connections.forEach( SignalConnection::close );
		connections.clear();
	}

	@Override
	public synchronized boolean isRunning() {
		return running;
	}

	/** @return the connections made, for tests and diagnostics */
	public synchronized List<SignalConnection> connections() {
		return List.copyOf( connections );
	}
}
