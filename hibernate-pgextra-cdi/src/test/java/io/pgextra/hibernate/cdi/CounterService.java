package io.pgextra.hibernate.cdi;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signals;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * An application bean with both injection points: the deployment fails ("Ambiguous dependencies for type
 * EntityManager") if the produced {@code PgExtraEntityManager} were also an {@code EntityManager} bean.
 */
@ApplicationScoped
public class CounterService {

	@Inject
	EntityManager em;

	@Inject
	PgExtraEntityManager pg;

	@Inject
	Signals signals;

	// methods, not fields: callers hold Weld's client proxy, whose own fields are not the injected ones
	public EntityManager em() {
		return em;
	}

	public PgExtraEntityManager pg() {
		return pg;
	}

	public Signals signals() {
		return signals;
	}
}
