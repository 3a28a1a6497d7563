package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** Fixed-length character columns: {@code char(3)} as the key, {@code char(5)} as a value. */
@Entity
public class FixedCode {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Column(unique = true, columnDefinition = "char(3)")
	public String code;

	@Column(columnDefinition = "char(5)")
	public String grade;
}
