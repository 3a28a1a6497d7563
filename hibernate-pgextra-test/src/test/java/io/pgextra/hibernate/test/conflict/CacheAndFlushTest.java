package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.MyModel;
import io.pgextra.hibernate.test.conflict.model.Cached;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import jakarta.persistence.FlushModeType;

/** The second-level cache and flushing: "never stale", "pending changes are flushed first". */
class CacheAndFlushTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Cached.class, MyModel.class )
			.property( AvailableSettings.USE_SECOND_LEVEL_CACHE, "true" )
			.property( AvailableSettings.CACHE_REGION_FACTORY, MapRegionFactory.class.getName() )
			.property( "jakarta.persistence.sharedCache.mode", "ENABLE_SELECTIVE" );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );
	private static final ConflictTarget MYFIELD = ConflictTarget.attributes( "myfield" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE cached, mymodel" );
		db.sessionFactory().getCache().evictAllRegions();
	}

	private Long persistCached(String name, String note) {
		return db.fromTransaction( em -> {
			Cached c = new Cached();
			c.name = name;
			c.note = note;
			em.persist( c );
			return c.id;
		} ) == null ? null : cacheIt( name );
	}

	/** Loads the row in a fresh session, which puts it into the second-level cache. */
	private Long cacheIt(String name) {
		Long id = db.fromTransaction( em -> em.createQuery( "select c.id from Cached c where c.name = :n", Long.class )
				.setParameter( "n", name ).getSingleResult() );
		db.inTransaction( em -> em.find( Cached.class, id ) );
		assertThat( db.sessionFactory().getCache().contains( Cached.class, id ) ).as( "in the second-level cache" ).isTrue();
		return id;
	}

	@Test
	void secondLevelCacheIsNotStaleAfterUpsertUpdatedTheRow() {
		Long id = persistCached( "a", "old" );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Cached.class, NAME, Map.of( "name", "a", "note", "new" ) ) );
		assertThat( db.rows( "SELECT note FROM cached" ) ).containsExactly( Map.of( "note", "new" ) );
		String seen = db.fromTransaction( em -> em.find( Cached.class, id ).note );
		assertThat( seen ).isEqualTo( "new" );
	}

	@Test
	void secondLevelCacheIsNotStaleAfterUpsertAndGetUpdatedTheRow() {
		Long id = persistCached( "b", "old" );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsertAndGet( Cached.class, NAME, Map.of( "name", "b", "note", "new" ) ) );
		String seen = db.fromTransaction( em -> em.find( Cached.class, id ).note );
		assertThat( seen ).isEqualTo( "new" );
	}

	@Test
	void pendingChangesAreFlushedFirstAlsoUnderFlushModeCommit() {
		db.inTransaction( em -> em.persist( new MyModel( "water", "persisted" ) ) );
		db.inTransaction( em -> {
			em.setFlushMode( FlushModeType.COMMIT );
			MyModel pending = em.createQuery( "from MyModel", MyModel.class ).getSingleResult();
			pending.myfield = "wine"; // a pending rename
			// README: "pending changes are flushed first": the upsert conflicts with the renamed row
			Long id = PgExtraEntityManager.of( em ).upsert( MyModel.class, MYFIELD, Map.of( "myfield", "wine", "note", "upserted" ) );
			assertThat( id ).isEqualTo( pending.id );
		} );
		assertThat( db.rows( "SELECT note FROM mymodel" ) ).containsExactly( Map.of( "note", "upserted" ) );
	}

	@Test
	void refreshOfAManagedInstanceDoesNotDiscardItsPendingChangeUnderFlushModeCommit() {
		db.inTransaction( em -> em.persist( new MyModel( "beer", "old" ) ) );
		db.inTransaction( em -> {
			em.setFlushMode( FlushModeType.COMMIT );
			MyModel loaded = em.createQuery( "from MyModel", MyModel.class ).getSingleResult();
			loaded.note = "edited";
			MyModel got = PgExtraEntityManager.of( em ).upsertAndGet( MyModel.class, MYFIELD, Map.of( "myfield", "beer" ) );
			assertThat( got ).isSameAs( loaded );
			assertThat( got.note ).isEqualTo( "edited" );
		} );
		assertThat( db.rows( "SELECT note FROM mymodel" ) ).containsExactly( Map.of( "note", "edited" ) );
	}

	/** A SessionFactory booted the native way (Configuration, Spring's LocalSessionFactoryBean), flush mode AUTO. */
	@Test
	void pendingChangesAreFlushedFirstOnANativelyBootstrappedSessionFactory() {
		Configuration cfg = new Configuration().addAnnotatedClass( MyModel.class )
				.setProperty( AvailableSettings.JAKARTA_JDBC_URL, db.database().jdbcUrl( db.schema() + ",public" ) )
				.setProperty( AvailableSettings.JAKARTA_JDBC_USER, db.database().user() )
				.setProperty( AvailableSettings.JAKARTA_JDBC_PASSWORD, db.database().password() == null ? "" : db.database().password() )
				.setProperty( AvailableSettings.DEFAULT_SCHEMA, db.schema() );
		db.inTransaction( em -> em.persist( new MyModel( "juice", "persisted" ) ) );
		try ( SessionFactory factory = cfg.buildSessionFactory(); Session session = factory.openSession() ) {
			Transaction tx = session.beginTransaction();
			MyModel pending = session.createQuery( "from MyModel", MyModel.class ).getSingleResult();
			pending.myfield = "cider"; // a pending rename
			Long id = PgExtraEntityManager.of( session ).upsert( MyModel.class, MYFIELD, Map.of( "myfield", "cider", "note", "upserted" ) );
			assertThat( id ).isEqualTo( pending.id );
			tx.commit();
		}
		assertThat( db.rows( "SELECT note FROM mymodel" ) ).containsExactly( Map.of( "note", "upserted" ) );
	}
}
