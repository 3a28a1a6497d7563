package io.pgextra.hibernate.test.compat.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.hibernate.annotations.CurrentTimestamp;
import org.hibernate.annotations.SourceType;
import org.hibernate.annotations.Type;
import org.hibernate.generator.EventType;

/**
 * hstore mapped the way applications map it today, with Hypersistence Utils' {@code PostgreSQLHStoreType} and no
 * annotation of hibernate-pgextra: on an entity attribute and inside an element-collection embeddable. Plus a
 * timestamp the database writes on insert and update (an on-execution generator).
 */
@Entity
@Table(name = "compat_item")
public class CompatItem {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Column(nullable = false, unique = true)
	public String code;

	@Type(PostgreSQLHStoreType.class)
	@Column(columnDefinition = "hstore")
	public Map<String, String> attrs = new HashMap<>();

	@ElementCollection
	@CollectionTable(name = "compat_item_part")
	@OrderColumn(name = "pos")
	public List<CompatPart> parts = new ArrayList<>();

	@CurrentTimestamp(event = { EventType.INSERT, EventType.UPDATE }, source = SourceType.DB)
	public Instant touched;

	public CompatItem() {
	}

	public CompatItem(String code, Map<String, String> attrs) {
		this.code = code;
		this.attrs = new HashMap<>( attrs );
	}
}
