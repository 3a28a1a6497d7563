package io.pgextra.hibernate.spring.injection;

import java.util.Map;

import javax.sql.DataSource;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Signals;
import io.pgextra.hibernate.spring.TestDatabase;
import io.pgextra.hibernate.spring.injection.second.Note;
import io.pgextra.hibernate.spring.injection.second.NoteRepository;
import io.pgextra.hibernate.spring.model.Item;
import io.pgextra.hibernate.spring.model.ItemRepository;
import io.pgextra.hibernate.testing.PostgresDatabase;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.TransactionRequiredException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two EntityManagerFactorys (the first primary), each with its transaction manager and repositories: one
 * PgExtraEntityManager and one Signals per factory, qualified by the factory's bean name.
 */
@SpringBootTest(classes = { TwoFactoriesTest.App.class, TwoFactoriesTest.First.class, TwoFactoriesTest.Second.class })
@DirtiesContext
class TwoFactoriesTest {

	static final String FIRST = TestDatabase.createSchema( "spring_first" );
	static final String SECOND = TestDatabase.createSchema( "spring_second" );

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		// Boot's DataSource (the factories here have their own): any valid one
		TestDatabase.register( registry, FIRST );
	}

	@AfterAll
	static void dropSchemas() {
		TestDatabase.dropSchema( FIRST );
		TestDatabase.dropSchema( SECOND );
	}

	static LocalContainerEntityManagerFactoryBean factory(String schema, Class<?> entities, String unit) {
		LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
		DataSource dataSource = PostgresDatabase.get().newDataSource( schema + ",public" );
		factory.setDataSource( dataSource );
		factory.setPersistenceUnitName( unit );
		factory.setPackagesToScan( entities.getPackageName() );
		factory.setJpaVendorAdapter( new HibernateJpaVendorAdapter() );
		factory.setJpaPropertyMap( Map.of( "hibernate.hbm2ddl.auto", "create", "hibernate.default_schema", schema ) );
		return factory;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {
	}

	@Configuration
	@EnableJpaRepositories(basePackageClasses = ItemRepository.class,
			entityManagerFactoryRef = "firstEntityManagerFactory", transactionManagerRef = "firstTransactionManager")
	static class First {
		@Bean
		@Primary
		LocalContainerEntityManagerFactoryBean firstEntityManagerFactory() {
			return factory( FIRST, Item.class, "first" );
		}

		@Bean
		@Primary
		JpaTransactionManager firstTransactionManager(@Qualifier("firstEntityManagerFactory") EntityManagerFactory f) {
			return new JpaTransactionManager( f );
		}
	}

	@Configuration
	@EnableJpaRepositories(basePackageClasses = NoteRepository.class,
			entityManagerFactoryRef = "secondEntityManagerFactory", transactionManagerRef = "secondTransactionManager")
	static class Second {
		@Bean
		LocalContainerEntityManagerFactoryBean secondEntityManagerFactory() {
			return factory( SECOND, Note.class, "second" );
		}

		@Bean
		JpaTransactionManager secondTransactionManager(@Qualifier("secondEntityManagerFactory") EntityManagerFactory f) {
			return new JpaTransactionManager( f );
		}
	}

	@Autowired
	PgExtraEntityManager pg;

	@Autowired
	@Qualifier("secondEntityManagerFactory")
	PgExtraEntityManager secondPg;

	@Autowired
	EntityManager entityManager;

	@Autowired
	Signals signals;

	@Autowired
	@Qualifier("secondEntityManagerFactory")
	Signals secondSignals;

	@Autowired
	@Qualifier("firstEntityManagerFactory")
	EntityManagerFactory firstFactory;

	@Autowired
	@Qualifier("secondEntityManagerFactory")
	EntityManagerFactory secondFactory;

	@Autowired
	@Qualifier("secondTransactionManager")
	JpaTransactionManager secondTransactionManager;

	@Autowired
	@Qualifier("firstTransactionManager")
	JpaTransactionManager firstTransactionManager;

	@Autowired
	ItemRepository items;

	@Autowired
	NoteRepository notes;

	@Autowired
	ApplicationContext context;

	@Test
	void onePerFactoryQualifiedByItsName() {
		assertThat( context.getBeansOfType( PgExtraEntityManager.class ) ).containsOnlyKeys(
				"pgExtraEntityManager_firstEntityManagerFactory", "pgExtraEntityManager_secondEntityManagerFactory" );
		// unqualified: the primary factory's
		assertThat( pg ).isSameAs( context.getBean( "pgExtraEntityManager_firstEntityManagerFactory" ) );
		assertThat( secondPg ).isSameAs( context.getBean( "pgExtraEntityManager_secondEntityManagerFactory" ) );
		assertThat( signals ).isSameAs( Signals.of( firstFactory ) );
		assertThat( secondSignals ).isSameAs( Signals.of( secondFactory ) ).isNotSameAs( signals );
		// still Spring Data's shared EntityManager of the primary factory, not ours
		assertThat( entityManager ).isNotInstanceOf( PgExtraEntityManager.class );
		assertThat( entityManager.getEntityManagerFactory().getMetamodel().getEntities() )
				.extracting( e -> (Object) e.getJavaType() ).contains( Item.class ).doesNotContain( Note.class );
	}

	@Test
	void eachWritesThroughItsOwnFactoryAndTransaction() {
		Long noteId = new TransactionTemplate( secondTransactionManager ).execute( s -> secondPg.upsert( Note.class,
				ConflictTarget.attributes( "title" ), Map.of( "title", "t", "body", "one" ) ) );
		assertThat( TestDatabase.queryOne( SECOND, "select body from \"" + SECOND + "\".note where id = " + noteId ) )
				.isEqualTo( "one" );
		// the first factory's transaction is not the second's
		assertThatThrownBy( () -> new TransactionTemplate( firstTransactionManager ).execute( s -> secondPg.upsert(
				Note.class, ConflictTarget.attributes( "title" ), Map.of( "title", "t", "body", "two" ) ) ) )
				.isInstanceOf( TransactionRequiredException.class );

		Long itemId = new TransactionTemplate( firstTransactionManager ).execute( s -> pg.upsert( Item.class,
				ConflictTarget.attributes( "sku" ), Map.of( "sku", "A", "quantity", 1 ) ) );
		assertThat( TestDatabase.count( FIRST, "item where id = " + itemId ) ).isEqualTo( 1 );

		// the repositories find their own factory and transaction manager with nothing to configure
		assertThat( notes.upsert( ConflictTarget.attributes( "title" ), new Note( "t", "three" ) ) ).isEqualTo( noteId );
		assertThat( TestDatabase.queryOne( SECOND, "select body from \"" + SECOND + "\".note where id = " + noteId ) )
				.isEqualTo( "three" );
		assertThat( items.upsert( ConflictTarget.attributes( "sku" ), new Item( "A", 2 ) ) ).isEqualTo( itemId );
		assertThat( TestDatabase.queryOne( FIRST, "select quantity from \"" + FIRST + "\".item where id = " + itemId ) )
				.isEqualTo( 2 );
	}
}
