package io.pgextra.hibernate.test.conflict;

import static io.pgextra.hibernate.test.conflict.CopySettingCalls.MYFIELD;
import static io.pgextra.hibernate.test.conflict.CopySettingCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgextra.hibernate.ConflictSettings;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.MyModel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ConflictSettings#COPY_THRESHOLD} that is no number of rows: refused, naming the setting.
 */
class CopyBadSettingTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( MyModel.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" )
			.property( ConflictSettings.COPY_THRESHOLD, "lots" );

	@Test
	void aValueThatIsNoNumberOfRowsIsRefusedNamingTheSetting() {
		db.inTransaction( em -> assertThatThrownBy( () -> PgExtraEntityManager.of( em ).bulkUpsertMaps( MyModel.class,
				MYFIELD, rows( 2 ) ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( ConflictSettings.COPY_THRESHOLD )
				.hasMessageContaining( "'lots'" ) );
		assertThat( db.count( "my_model" ) ).isZero();
	}
}
