package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.CustomSqlTag;
import io.pgextra.hibernate.test.conflict.model.SoftTag;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mapping features an upsert cannot honour are rejected at the call, naming the entity and what to use instead,
 * before anything is written: before, an upsert of a {@code @SoftDelete} entity updated a soft-deleted row (which
 * stayed deleted) and an upsert of an entity with {@code @SQLInsert} bypassed that SQL.
 */
class UnsupportedMappingsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( SoftTag.class, CustomSqlTag.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE softtag, customsqltag" );
	}

	@Test
	void aSoftDeletedEntityIsRejectedNotUpdatedWhileDeleted() {
		db.inTransaction( em -> {
			SoftTag tag = new SoftTag();
			tag.name = "k";
			tag.label = "old";
			em.persist( tag );
		} );
		db.inTransaction( em -> em.remove( em.createQuery( "from SoftTag", SoftTag.class ).getSingleResult() ) );
		assertThat( db.rows( "SELECT name, label, deleted FROM softtag" ) )
				.containsExactly( Map.of( "name", "k", "label", "old", "deleted", true ) );
		for ( ConflictAction action : ConflictAction.values() ) {
			assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
					.onConflict( SoftTag.class, NAME, action ).insert( Map.of( "name", "k", "label", "new" ) ) ) )
					.as( action.name() )
					.isInstanceOf( IllegalArgumentException.class )
					.hasMessageContaining( "Entity 'io.pgextra.hibernate.test.conflict.model.SoftTag' is @SoftDelete"
							+ " (column 'deleted')" )
					.hasMessageContaining( "use persist/merge" );
		}
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( SoftTag.class,
				NAME, List.of( Map.of( "name", "k", "label", "new" ), Map.of( "name", "j", "label", "new" ) ) ) ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "@SoftDelete" );
		assertThat( db.rows( "SELECT name, label, deleted FROM softtag" ) )
				.containsExactly( Map.of( "name", "k", "label", "old", "deleted", true ) );
	}

	@Test
	void anEntityWithCustomInsertSqlIsRejectedNotBypassed() {
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( CustomSqlTag.class,
				NAME, Map.of( "id", 1L, "name", "k", "label", "new" ) ) ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "Entity 'io.pgextra.hibernate.test.conflict.model.CustomSqlTag' has custom SQL"
						+ " (@SQLInsert on io.pgextra.hibernate.test.conflict.model.CustomSqlTag)" )
				.hasMessageContaining( "Use persist/merge" );
		assertThat( db.count( "customsqltag" ) ).isZero();
		// persist runs the custom SQL
		db.inTransaction( em -> {
			CustomSqlTag tag = new CustomSqlTag();
			tag.id = 2L;
			tag.name = "p";
			tag.label = "new";
			em.persist( tag );
		} );
		assertThat( db.rows( "SELECT label FROM customsqltag" ) ).containsExactly( Map.of( "label", "NEW" ) );
	}

	@Test
	void theRejectionMarksTheTransactionForRollbackAsAnyFailureOfACallDoes() {
		jakarta.persistence.EntityManager em = db.emf().createEntityManager();
		jakarta.persistence.EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			assertThatThrownBy( () -> PgExtraEntityManager.of( em ).upsert( SoftTag.class, NAME,
					Map.of( "name", "k", "label", "new" ) ) ).isInstanceOf( IllegalArgumentException.class );
			assertThat( tx.getRollbackOnly() ).as( "marked for rollback" ).isTrue();
		}
		finally {
			if ( tx.isActive() ) {
				tx.rollback();
			}
			em.close();
		}
	}
}
