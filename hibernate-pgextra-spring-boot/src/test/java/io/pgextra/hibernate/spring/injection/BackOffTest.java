package io.pgextra.hibernate.spring.injection;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.spring.TestApp;
import io.pgextra.hibernate.spring.TestDatabase;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The application defines its own PgExtraEntityManager and Signals: the starter registers neither. */
@SpringBootTest(classes = { TestApp.class, BackOffTest.Own.class })
@DirtiesContext
class BackOffTest {

	static final String SCHEMA = TestDatabase.createSchema( "spring_backoff" );

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register( registry, SCHEMA );
	}

	@AfterAll
	static void dropSchema() {
		TestDatabase.dropSchema( SCHEMA );
	}

	@TestConfiguration
	static class Own {
		@Bean
		PgExtraEntityManager myPg(EntityManagerFactory factory) {
			return PgExtraEntityManager.of( SharedEntityManagerCreator.createSharedEntityManager( factory ) );
		}

		@Bean
		Signals mySignals(EntityManagerFactory factory) {
			return Signals.of( factory );
		}
	}

	@Autowired
	ApplicationContext context;

	@Autowired
	PgExtraEntityManager pg;

	@Test
	void backsOff() {
		assertThat( context.getBeansOfType( PgExtraEntityManager.class ) ).containsOnlyKeys( "myPg" );
		assertThat( context.getBeansOfType( Signals.class ) ).containsOnlyKeys( "mySignals" );
		assertThat( pg ).isSameAs( context.getBean( "myPg" ) );
		// the application's bean is a regular candidate too: next to Spring Data's shared EntityManager, an
		// unqualified EntityManager is the application's business; ours never competes
		assertThat( context.getBeanNamesForType( EntityManager.class ) ).doesNotContain(
				"pgExtraEntityManager_entityManagerFactory" );
	}
}
