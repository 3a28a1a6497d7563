package io.pgextra.hibernate.spring.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.pgextra.hibernate.PgExtraEntityManager;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds, in an application context, the entity manager factory that maps an entity and the transaction manager
 * of that factory, and keeps one shared (transaction-bound) {@link PgExtraEntityManager} per factory. Looked up
 * lazily, on first use: the beans are not all created when the repository fragment or a receiver is.
 */
public final class JpaBeans {

	private final ListableBeanFactory beans;
	private final Map<Class<?>, EntityManagerFactory> factoryByEntity = new ConcurrentHashMap<>();
	private final Map<EntityManagerFactory, PgExtraEntityManager> shared = new ConcurrentHashMap<>();
	private final Map<EntityManagerFactory, PlatformTransactionManager> managers = new ConcurrentHashMap<>();

	public JpaBeans(ListableBeanFactory beans) {
		this.beans = Objects.requireNonNull( beans, "beans" );
	}

	/** @return the one entity manager factory whose metamodel has {@code entityClass} as an entity */
	public EntityManagerFactory factoryOf(Class<?> entityClass) {
		return factoryByEntity.computeIfAbsent( entityClass, this::findFactory );
	}

	private EntityManagerFactory findFactory(Class<?> entityClass) {
		Map<String, EntityManagerFactory> factories = BeanFactoryUtils.beansOfTypeIncludingAncestors( beans,
				EntityManagerFactory.class );
		List<String> mapping = new ArrayList<>();
		EntityManagerFactory found = null;
		for ( Map.Entry<String, EntityManagerFactory> entry : factories.entrySet() ) {
			if ( maps( entry.getValue(), entityClass ) ) {
				mapping.add( entry.getKey() );
				found = entry.getValue();
			}
		}
		if ( mapping.size() == 1 ) {
			return found;
		}
		throw new IllegalStateException( mapping.isEmpty()
				? "No EntityManagerFactory maps '" + entityClass.getName() + "' as an entity (factories: "
						+ factories.keySet() + "); add it to the persistence unit, e.g. in a package scanned by"
						+ " @EntityScan"
				: "Several EntityManagerFactory beans map '" + entityClass.getName() + "' as an entity: " + mapping
						+ "; map it in one persistence unit only, or use the PgExtraEntityManager of the one you mean"
						+ " (@Qualifier(\"<factory bean name>\"))" );
	}

	private static boolean maps(EntityManagerFactory factory, Class<?> entityClass) {
		for ( EntityType<?> entity : factory.getMetamodel().getEntities() ) {
			if ( entity.getJavaType() == entityClass ) {
				return true;
			}
		}
		return false;
	}

	/** @return the shared, transaction-bound {@link PgExtraEntityManager} of {@code factory} */
	public PgExtraEntityManager entityManager(EntityManagerFactory factory) {
		return shared.computeIfAbsent( factory,
				f -> PgExtraEntityManager.of( SharedEntityManagerCreator.createSharedEntityManager( f ) ) );
	}

	/**
	 * @return the transaction manager of {@code factory}: the {@link JpaTransactionManager} bound to it, else the
	 * only transaction manager of the context (e.g. JTA)
	 */
	public PlatformTransactionManager transactionManager(EntityManagerFactory factory) {
		return managers.computeIfAbsent( factory, this::findTransactionManager );
	}

	private PlatformTransactionManager findTransactionManager(EntityManagerFactory factory) {
		Map<String, PlatformTransactionManager> all = BeanFactoryUtils.beansOfTypeIncludingAncestors( beans,
				PlatformTransactionManager.class );
		for ( PlatformTransactionManager manager : all.values() ) {
			if ( manager instanceof JpaTransactionManager jpa && jpa.getEntityManagerFactory() == factory ) {
				return manager;
			}
		}
		if ( all.size() == 1 ) {
			return all.values().iterator().next();
		}
		throw new IllegalStateException( "No transaction manager for the EntityManagerFactory " + factory
				+ " among " + all.keySet() + "; define a JpaTransactionManager for it" );
	}

	/** @return a template that joins the current transaction or starts one, as {@code save} does */
	public TransactionTemplate required(EntityManagerFactory factory) {
		return new TransactionTemplate( transactionManager( factory ) );
	}

	/** @return a template that always runs in a new transaction, the caller's (if any) suspended */
	public TransactionTemplate requiresNew(EntityManagerFactory factory) {
		TransactionTemplate template = new TransactionTemplate( transactionManager( factory ) );
		template.setPropagationBehavior( TransactionDefinition.PROPAGATION_REQUIRES_NEW );
		return template;
	}
}
