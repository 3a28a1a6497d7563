package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.TenantItem;
import io.pgextra.hibernate.test.conflict.model.TenantTag;

import org.hibernate.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @TenantId}: an upsert writes the session's tenant, as persist does, and never touches another tenant's
 * row. A conflict target whose unique index does not include the tenant column could match another tenant's row:
 * it is rejected. Before, tenant b's upsert of name 'k' overwrote tenant a's row and returned its id.
 */
class TenantIdTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( TenantTag.class, TenantItem.class );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE tenanttag, tenantitem" );
	}

	private <R> R asTenant(String tenant, Function<Session, R> work) {
		try ( Session session = db.sessionFactory().withOptions().tenantIdentifier( (Object) tenant ).openSession() ) {
			session.beginTransaction();
			try {
				R result = work.apply( session );
				session.getTransaction().commit();
				return result;
			}
			catch (RuntimeException e) {
				if ( session.getTransaction().isActive() ) {
					session.getTransaction().rollback();
				}
				throw e;
			}
		}
	}

	@Test
	void aTargetWithoutTheTenantColumnIsRejectedNotMatchedAcrossTenants() {
		asTenant( "a", s -> {
			TenantTag tag = new TenantTag();
			tag.name = "k";
			tag.label = "a";
			s.persist( tag );
			return null;
		} );
		for ( ConflictAction action : ConflictAction.values() ) {
			assertThatThrownBy( () -> asTenant( "b", s -> PgExtraEntityManager.of( s )
					.onConflict( TenantTag.class, ConflictTarget.attributes( "name" ), action )
					.insert( Map.of( "name", "k", "label", "b" ) ) ) )
					.as( action.name() )
					.isInstanceOf( IllegalArgumentException.class )
					.hasMessageContaining( "entity 'io.pgextra.hibernate.test.conflict.model.TenantTag'" )
					.hasMessageContaining( "@TenantId 'tenant'" )
					.hasMessageContaining( "(\"tenant\", ...)" );
		}
		assertThatThrownBy( () -> asTenant( "b", s -> PgExtraEntityManager.of( s ).upsert( TenantTag.class,
				ConflictTarget.primaryKey(), Map.of( "name", "j", "label", "b" ) ) ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "@TenantId 'tenant'" );
		assertThat( db.rows( "SELECT tenant, name, label FROM tenanttag" ) )
				.containsExactly( Map.of( "tenant", "a", "name", "k", "label", "a" ) );
	}

	@Test
	void aTargetWithTheTenantColumnWritesTheSessionsTenantOnly() {
		ConflictTarget perTenant = ConflictTarget.attributes( "tenant", "name" );
		Long a = asTenant( "a", s -> PgExtraEntityManager.of( s ).<TenantItem, Long>upsert( TenantItem.class, perTenant,
				Map.of( "name", "k", "label", "a1" ) ) );
		Long b = asTenant( "b", s -> PgExtraEntityManager.of( s ).<TenantItem, Long>upsert( TenantItem.class, perTenant,
				Map.of( "name", "k", "label", "b1" ) ) );
		assertThat( b ).isNotEqualTo( a );
		Long again = asTenant( "a", s -> PgExtraEntityManager.of( s ).<TenantItem, Long>upsert( TenantItem.class, perTenant,
				Map.of( "name", "k", "label", "a2" ) ) );
		assertThat( again ).isEqualTo( a );
		asTenant( "b", s -> PgExtraEntityManager.of( s ).bulkUpsertMaps( TenantItem.class, perTenant,
				List.of( Map.of( "name", "k", "label", "b2" ), Map.of( "name", "j", "label", "b2" ) ) ) );
		assertThat( db.rows( "SELECT tenant, name, label FROM tenantitem ORDER BY tenant, name" ) ).containsExactly(
				Map.of( "tenant", "a", "name", "k", "label", "a2" ),
				Map.of( "tenant", "b", "name", "j", "label", "b2" ),
				Map.of( "tenant", "b", "name", "k", "label", "b2" ) );
	}

	@Test
	void anotherTenantGivenInTheValuesIsRejectedAsPersistRejectsIt() {
		ConflictTarget perTenant = ConflictTarget.attributes( "tenant", "name" );
		assertThatThrownBy( () -> asTenant( "a", s -> PgExtraEntityManager.of( s ).upsert( TenantItem.class,
				perTenant, Map.of( "tenant", "b", "name", "k", "label", "a1" ) ) ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "Row 0 of the insert into entity 'io.pgextra.hibernate.test.conflict.model.TenantItem'" )
				.hasMessageContaining( "its @TenantId 'tenant' is given 'b', not the session's tenant 'a'" );
		// the session's own tenant given explicitly is accepted
		asTenant( "a", s -> PgExtraEntityManager.of( s ).upsert( TenantItem.class, perTenant,
				Map.of( "tenant", "a", "name", "k", "label", "a1" ) ) );
		assertThat( db.rows( "SELECT tenant, name FROM tenantitem" ) ).containsExactly( Map.of( "tenant", "a", "name", "k" ) );
		db.execute( "TRUNCATE tenantitem" );
		assertThat( db.count( "tenantitem" ) ).isZero();
	}
}
