package io.pgextra.hibernate.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.model.MyModel;

import org.hibernate.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The persistence context stays truthful, and a call is one statement. */
class ManagedEntitiesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( MyModel.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" );

	private static final ConflictTarget MYFIELD = ConflictTarget.attributes( "myfield" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE my_model" );
	}

	@Test
	void instanceAlreadyInThePersistenceContextIsRefreshedNotReturnedStale() {
		db.inTransaction( em -> em.persist( new MyModel( "beer", "old" ) ) );
		db.inTransaction( em -> {
			MyModel loaded = em.createQuery( "from MyModel", MyModel.class ).getSingleResult();
			assertThat( loaded.note ).isEqualTo( "old" );
			MyModel upserted = PgExtraEntityManager.of( em ).upsertAndGet( MyModel.class, MYFIELD,
					Map.of( "myfield", "beer", "note", "new" ) );
			assertThat( upserted ).isSameAs( loaded );
			assertThat( loaded.note ).isEqualTo( "new" );

			List<MyModel> bulk = PgExtraEntityManager.of( em ).onConflict( MyModel.class, MYFIELD, ConflictAction.UPDATE )
					.bulkInsertMapsAndGet( List.of( Map.of( "myfield", "beer", "note", "newer" ), Map.of( "myfield", "wine", "note", "w" ) ) );
			assertThat( bulk.get( 0 ) ).isSameAs( loaded );
			assertThat( loaded.note ).isEqualTo( "newer" );
		} );
	}

	@Test
	void insertReturningTheIdAlsoRefreshesAManagedInstanceOfTheUpdatedRow() {
		db.inTransaction( em -> em.persist( new MyModel( "beer", "old" ) ) );
		db.inTransaction( em -> {
			MyModel loaded = em.createQuery( "from MyModel", MyModel.class ).getSingleResult();
			Long id = PgExtraEntityManager.of( em ).upsert( MyModel.class, MYFIELD, Map.of( "myfield", "beer", "note", "new" ) );
			assertThat( id ).isEqualTo( loaded.id );
			assertThat( loaded.note ).isEqualTo( "new" );
		} );
	}

	@Test
	void pendingChangesAreFlushedBeforeTheStatement() {
		db.inTransaction( em -> em.persist( new MyModel( "beer", "old" ) ) );
		db.inTransaction( em -> {
			MyModel loaded = em.createQuery( "from MyModel", MyModel.class ).getSingleResult();
			loaded.note = "pending";
			em.persist( new MyModel( "wine", "pending insert" ) );
			// the update keeps the note: only the target is given
			MyModel result = PgExtraEntityManager.of( em ).upsertAndGet( MyModel.class, MYFIELD, Map.of( "myfield", "beer" ) );
			assertThat( result.note ).isEqualTo( "pending" );
			MyModel wine = PgExtraEntityManager.of( em ).onConflict( MyModel.class, MYFIELD, ConflictAction.NOTHING )
					.insertAndGet( Map.of( "myfield", "wine", "note", "ignored" ) );
			assertThat( wine.note ).isEqualTo( "pending insert" );
		} );
		assertThat( db.rows( "SELECT myfield, note FROM my_model ORDER BY myfield" ) )
				.containsExactly( Map.of( "myfield", "beer", "note", "pending" ), Map.of( "myfield", "wine", "note", "pending insert" ) );
	}

	@Test
	void eachSingleRowCallIsOneStatementWhenTheRowIsInsertedOrUpdated() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			pg.upsert( MyModel.class, MYFIELD, Map.of( "myfield", "warm-up" ) ); // reads catalog facts once per factory
			em.clear();

			db.clearSql();
			pg.upsert( MyModel.class, MYFIELD, Map.of( "myfield", "a" ) );
			assertThat( db.sql() ).hasSize( 1 ).allMatch( s -> s.contains( "ON CONFLICT" ) );

			db.clearSql();
			pg.upsertAndGet( MyModel.class, MYFIELD, Map.of( "myfield", "b" ) );
			assertThat( db.sql() ).hasSize( 1 );

			em.clear();
			db.clearSql();
			pg.onConflict( MyModel.class, MYFIELD, ConflictAction.UPDATE ).insertAndGet( Map.of( "myfield", "b", "note", "x" ) );
			assertThat( db.sql() ).hasSize( 1 );

			db.clearSql();
			pg.onConflict( MyModel.class, MYFIELD, ConflictAction.NOTHING ).insert( Map.of( "myfield", "b", "note", "y" ) );
			assertThat( db.sql() ).as( "NOTHING finds the existing row in the same statement" ).hasSize( 1 );

			db.clearSql();
			pg.onConflict( MyModel.class, MYFIELD, ConflictAction.NOTHING ).insertAndGet( Map.of( "myfield", "c" ) );
			assertThat( db.sql() ).hasSize( 1 );
		} );
	}

	@Test
	void worksOnAHibernateSession() {
		try ( Session session = db.sessionFactory().openSession() ) {
			session.beginTransaction();
			PgExtraEntityManager pg = PgExtraEntityManager.of( session );
			MyModel m = pg.upsertAndGet( MyModel.class, MYFIELD, Map.of( "myfield", "s" ) );
			assertThat( session.contains( m ) ).isTrue();
			session.getTransaction().commit();
		}
		assertThat( db.count( "my_model" ) ).isEqualTo( 1 );
	}
}
