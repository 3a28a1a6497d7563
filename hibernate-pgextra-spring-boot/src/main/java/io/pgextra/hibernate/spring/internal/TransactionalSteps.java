package io.pgextra.hibernate.spring.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Set;

import io.pgextra.hibernate.DoUpdateStep;
import io.pgextra.hibernate.InsertStep;
import io.pgextra.hibernate.OnConflictStep;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes the {@code onConflict} steps a repository returns transactional like the repository's own methods: a
 * step that returns the next step is only wrapped again (it runs no SQL); every other call (the inserts) runs in
 * the template, joining the caller's transaction or running in its own.
 */
final class TransactionalSteps implements InvocationHandler {

	private static final Set<Class<?>> STEPS = Set.of( OnConflictStep.class, DoUpdateStep.class, InsertStep.class );

	private final Object step;
	private final TransactionTemplate template;

	private TransactionalSteps(Object step, TransactionTemplate template) {
		this.step = step;
		this.template = template;
	}

	@SuppressWarnings("unchecked")
	static <S> S wrap(S step, Class<?> type, TransactionTemplate template) {
		return (S) Proxy.newProxyInstance( TransactionalSteps.class.getClassLoader(), new Class<?>[] { type },
				new TransactionalSteps( step, template ) );
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		if ( method.getDeclaringClass() == Object.class ) {
			return switch ( method.getName() ) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode( proxy );
				default -> "Transactional" + step;
			};
		}
		if ( STEPS.contains( method.getReturnType() ) ) {
			return wrap( call( method, args ), method.getReturnType(), template );
		}
		return template.execute( status -> {
			try {
				return call( method, args );
			}
			catch (RuntimeException | Error e) {
				throw e;
			}
			catch (Throwable e) {
				// the steps declare no checked exception
				throw new UndeclaredThrowableException( e );
			}
		} );
	}

	private Object call(Method method, Object[] args) throws Throwable {
		try {
			return method.invoke( step, args );
		}
		catch (InvocationTargetException e) {
			throw e.getCause();
		}
	}
}
