package io.pgextra.hibernate.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

/**
 * The container's {@code @Default EntityManager} in a JTA-less setup: one per request, injected everywhere as
 * Weld's client proxy (what Quarkus and Jakarta EE do per transaction).
 */
@ApplicationScoped
public class EntityManagerProducer {

	@Produces
	@RequestScoped
	EntityManager entityManager(EntityManagerFactory factory) {
		return factory.createEntityManager();
	}

	void close(@Disposes EntityManager entityManager) {
		entityManager.close();
	}
}
