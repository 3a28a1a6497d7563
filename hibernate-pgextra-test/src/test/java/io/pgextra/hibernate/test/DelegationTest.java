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

import jakarta.persistence.EntityManager;

/** The wrapper is an EntityManager that behaves exactly as the one it wraps. */
class DelegationTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( MyModel.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE my_model" );
	}

	@Test
	void standardOperationsGoToTheDelegate() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			assertThat( PgExtraEntityManager.of( pg ) ).isSameAs( pg );
			assertThat( pg.getDelegateEntityManager() ).isSameAs( em );
			MyModel m = new MyModel( "a", "n" );
			pg.persist( m );
			pg.flush();
			assertThat( em.contains( m ) ).isTrue();
			assertThat( pg.find( MyModel.class, m.id ) ).isSameAs( m );
			assertThat( pg.createQuery( "select count(*) from MyModel", Long.class ).getSingleResult() ).isEqualTo( 1L );
			assertThat( pg.createQuery( "update MyModel set note = 'u'" ).executeUpdate() ).isEqualTo( 1 );
			assertThat( pg.unwrap( Session.class ) ).isSameAs( em.unwrap( Session.class ) );
			MyModel merged = pg.merge( new MyModel( "b", null ) );
			assertThat( em.contains( merged ) ).isTrue();
			pg.remove( merged );
			pg.flush();
			pg.clear();
			assertThat( em.contains( m ) ).isFalse();
		} );
		assertThat( db.rows( "SELECT myfield, note FROM my_model" ) ).containsExactly( Map.of( "myfield", "a", "note", "u" ) );
	}

	@Test
	void aWrapperMadeOutsideATransactionLooksTheSessionUpOnEachCall() {
		try ( EntityManager em = db.emf().createEntityManager() ) {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			var step = pg.onConflict( MyModel.class, ConflictTarget.attributes( "myfield" ), ConflictAction.UPDATE );
			for ( int i = 0; i < 2; i++ ) {
				em.getTransaction().begin();
				step.insert( Map.of( "myfield", "k", "note", "t" + i ) );
				em.getTransaction().commit();
			}
		}
		assertThat( db.rows( "SELECT note FROM my_model" ) ).containsExactly( Map.of( "note", "t1" ) );
		assertThat( List.of( ConflictAction.values() ) ).containsExactly( ConflictAction.UPDATE, ConflictAction.NOTHING );
	}
}
