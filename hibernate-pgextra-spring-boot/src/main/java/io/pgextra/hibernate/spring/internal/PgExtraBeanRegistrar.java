package io.pgextra.hibernate.spring.internal;

import java.util.ArrayList;
import java.util.List;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signals;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.orm.jpa.SharedEntityManagerCreator;

/**
 * Registers, for each {@link EntityManagerFactory} bean {@code <name>}, a shared {@link PgExtraEntityManager}
 * ({@code pgExtraEntityManager_<name>}) and its {@link Signals} ({@code pgExtraSignals_<name>}), both qualified
 * by {@code <name>} as Spring Data qualifies its shared {@code EntityManager} ({@code jpaSharedEM_<name>}).
 * Registers none of a kind when the application defines a bean of that type itself.
 * <p>
 * Why a post-processor and not {@code @Bean} methods: there is one bean per factory, and the factories are only
 * known once every bean definition is.
 * <p>
 * Why the entity managers are <em>fallback</em> beans: a {@code PgExtraEntityManager} is an {@code EntityManager},
 * and must not make {@code @Autowired EntityManager} ambiguous. A fallback bean is injected only where no regular
 * candidate exists, so {@code @Autowired EntityManager} keeps Spring's shared one. With several factories, only the
 * primary factory's entity manager is a candidate for an unqualified {@code @Autowired PgExtraEntityManager}; the
 * others need {@code @Qualifier("<factory bean name>")}.
 */
public final class PgExtraBeanRegistrar implements BeanFactoryPostProcessor {

	static final String ENTITY_MANAGER_PREFIX = "pgExtraEntityManager_";
	static final String SIGNALS_PREFIX = "pgExtraSignals_";

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
		if ( !( beanFactory instanceof BeanDefinitionRegistry registry ) ) {
			return;
		}
		List<String> factories = new ArrayList<>();
		boolean anyPrimary = false;
		for ( String name : beanFactory.getBeanNamesForType( EntityManagerFactory.class, true, false ) ) {
			if ( beanFactory.containsBeanDefinition( name ) ) {
				factories.add( name );
				anyPrimary |= beanFactory.getBeanDefinition( name ).isPrimary();
			}
		}
		boolean ownEntityManager = beanFactory.getBeanNamesForType( PgExtraEntityManager.class, true, false ).length > 0;
		boolean ownSignals = beanFactory.getBeanNamesForType( Signals.class, true, false ).length > 0;
		for ( String factory : factories ) {
			BeanDefinition factoryDefinition = beanFactory.getBeanDefinition( factory );
			boolean primary = factoryDefinition.isPrimary();
			if ( !ownEntityManager && !registry.containsBeanDefinition( ENTITY_MANAGER_PREFIX + factory ) ) {
				AbstractBeanDefinition definition = definition( "entityManager", factory, factoryDefinition );
				definition.setFallback( true );
				// several factories, one primary: the others' only by qualifier, so that the unqualified
				// injection point gets the primary one instead of failing as ambiguous
				definition.setDefaultCandidate( factories.size() == 1 || !anyPrimary || primary );
				registry.registerBeanDefinition( ENTITY_MANAGER_PREFIX + factory, definition );
			}
			if ( !ownSignals && !registry.containsBeanDefinition( SIGNALS_PREFIX + factory ) ) {
				AbstractBeanDefinition definition = definition( "signals", factory, factoryDefinition );
				definition.setPrimary( primary );
				registry.registerBeanDefinition( SIGNALS_PREFIX + factory, definition );
			}
		}
	}

	private static AbstractBeanDefinition definition(String factoryMethod, String factory,
			BeanDefinition factoryDefinition) {
		AbstractBeanDefinition definition = BeanDefinitionBuilder.rootBeanDefinition( PgExtraBeanRegistrar.class )
				.setFactoryMethod( factoryMethod )
				.addConstructorArgReference( factory )
				.getBeanDefinition();
		definition.addQualifier( new AutowireCandidateQualifier( Qualifier.class, factory ) );
		definition.setScope( factoryDefinition.getScope() );
		definition.setLazyInit( true );
		return definition;
	}

	/** Factory method of the {@code pgExtraEntityManager_<name>} beans. */
	public static PgExtraEntityManager entityManager(EntityManagerFactory factory) {
		return PgExtraEntityManager.of( SharedEntityManagerCreator.createSharedEntityManager( factory ) );
	}

	/** Factory method of the {@code pgExtraSignals_<name>} beans. */
	public static Signals signals(EntityManagerFactory factory) {
		return Signals.of( factory );
	}
}
